/**
 * Sets the two columns on each side of a row's live window lo ..= hi (states lo - 2, lo - 1,
 * hi + 1, hi + 2, i.e. columns lo, lo + 1, hi + 3, hi + 4 of a row of stride S + 4) to `value`
 * (0 in probability space, -inf in log space), so the recursions read s - 2 .. s + 2 unchecked.
 */
export function clearPads(a: Float64Array, row: number, lo: number, hi: number, value: number): void {
  a[row + lo] = value;
  a[row + lo + 1] = value;
  a[row + hi + 3] = value;
  a[row + hi + 4] = value;
}
