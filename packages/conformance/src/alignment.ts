import { minimumFrames, randomInt, type CtcVariant } from '@seq2seq-losses/spec';

/**
 * A random alignment pi [Tb] of the label w [U] (tokens per frame, blank = `blank`), or undefined when
 * the label needs more than Tb frames.
 * classic: the shortest path (a blank between equal neighbours), then frames duplicated in place
 * (a duplicated token merges, a duplicated blank stays blank). simplified: the label, then blanks
 * inserted anywhere (every non-blank frame emits the next token).
 */
export function randomAlignment(
  variant: CtcVariant,
  label: ArrayLike<number>,
  Tb: number,
  blank: number,
  uniform: () => number,
): number[] | undefined {
  const U = label.length;
  if (minimumFrames(variant, label, 0, U) > Tb) return undefined;
  const pi: number[] = [];
  for (let u = 0; u < U; u++) {
    if (variant === 'classic' && u > 0 && label[u] === label[u - 1]) pi.push(blank);
    pi.push(label[u]);
  }
  while (pi.length < Tb) {
    if (variant === 'simplified' || pi.length === 0) {
      pi.splice(randomInt(uniform, 0, pi.length), 0, blank);
    } else {
      const i = randomInt(uniform, 0, pi.length - 1);
      pi.splice(i, 0, pi[i]);
    }
  }
  return pi;
}
