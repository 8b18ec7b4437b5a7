import type { CtcVariant } from '@seq2seq-losses/spec';
import type { WebGpuTokenSpan } from './align-types.js';

/**
 * Token spans of one aligned sample: classic, every run of one non-blank token is one label token
 * (equal neighbours in a label need a blank between them); simplified, every non-blank frame is one.
 * score = mean of post[t] (the aligned token's frame posterior) over the span.
 */
export function spansFromAlignment(alignment: Int32Array, post: Float32Array, variant: CtcVariant, blank: number): WebGpuTokenSpan[] {
  const spans: WebGpuTokenSpan[] = [];
  let t = 0;
  while (t < alignment.length) {
    const token = alignment[t];
    if (token === blank) {
      t++;
      continue;
    }
    const start = t;
    let sum = 0;
    do sum += post[t++];
    while (variant === 'classic' && t < alignment.length && alignment[t] === token);
    spans.push({ token, start, end: t, score: sum / (t - start) });
  }
  return spans;
}
