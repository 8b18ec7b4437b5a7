import { isFeasible } from '@seq2seq-losses/spec';
import { frameOffsetOf } from '../frames.js';
import type { AlignInput, AlignResult, DecodeOptions, TokenSpan } from '../types.js';
import { validateDecodeCall } from '../validate.js';
import { labelEmissions } from './emissions.js';
import { tokenSpans } from './spans.js';
import { viterbiClassic, type BestPath } from './viterbi-classic.js';
import { viterbiSimplified } from './viterbi-simplified.js';

/**
 * Forced alignment: for each sample, the single most probable path of its known label (Viterbi with
 * backpointers) - which frame carries which token. Per sample b:
 * - alignments[b] [T_b]: the token at each frame (blank included); its collapse is the label;
 * - logScore[b]: that path's log-probability (-Infinity when infeasible, NaN with an invalid frame);
 * - spans[b]: each label token's frames [start, end) and the mean frame posterior over them.
 * Infeasible samples (T_b < U_b + repeats for classic, T_b < U_b for simplified) and invalid ones
 * get alignments of -1 and no spans. Padded frames and label slots are never read.
 */
export function ctcForcedAlign(input: AlignInput, options?: DecodeOptions): AlignResult {
  const opts = validateDecodeCall('ctcForcedAlign', input, options, true);
  const { B, C, L } = input.dims;
  const offsetOf = frameOffsetOf(input.dims, opts.timeMajor);
  const alignments: Int32Array[] = [];
  const logScore = new Float64Array(B); // [B]
  const spans: TokenSpan[][] = [];
  for (let b = 0; b < B; b++) {
    const Tb = input.logitLength[b];
    const label = input.labels.subarray(b * L, b * L + input.labelLength[b]); // [U_b]
    const none = () => {
      alignments.push(new Int32Array(Tb).fill(-1));
      spans.push([]);
    };
    if (!isFeasible(opts.variant, Tb, label, 0, label.length)) {
      logScore[b] = -Infinity;
      none();
      continue;
    }
    const em = labelEmissions(input.logits, (t) => offsetOf(b, t), Tb, C, opts.blankIndex, label, opts.inputs === 'logits');
    if (em === null) {
      logScore[b] = NaN;
      none();
      continue;
    }
    const best: BestPath =
      Tb === 0
        ? { logScore: 0, position: new Int32Array(0) }
        : opts.variant === 'classic'
          ? viterbiClassic(em, Tb, label)
          : viterbiSimplified(em, Tb, label);
    logScore[b] = best.logScore;
    if (best.logScore === -Infinity) {
      none();
      continue;
    }
    alignments.push(Int32Array.from(best.position, (u) => (u < 0 ? opts.blankIndex : label[u])));
    spans.push(tokenSpans(best.position, em, label));
  }
  return { alignments, logScore, spans };
}
