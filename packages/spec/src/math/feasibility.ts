import type { CtcVariant } from '../options.js';

/** R = number of u in [1, U) with label[u] == label[u-1]: classic CTC needs a blank between them. */
export function countRepeats(labels: ArrayLike<number>, offset: number, U: number): number {
  let r = 0;
  for (let u = 1; u < U; u++) if (labels[offset + u] === labels[offset + u - 1]) r++;
  return r;
}

/** Fewest frames that can emit the label: U + R (classic) or U (simplified). */
export function minimumFrames(variant: CtcVariant, labels: ArrayLike<number>, offset: number, U: number): number {
  return variant === 'classic' ? U + countRepeats(labels, offset, U) : U;
}

/** Whether any alignment of T_b frames maps to the label. */
export function isFeasible(
  variant: CtcVariant,
  Tb: number,
  labels: ArrayLike<number>,
  offset: number,
  U: number,
): boolean {
  return Tb >= minimumFrames(variant, labels, offset, U);
}
