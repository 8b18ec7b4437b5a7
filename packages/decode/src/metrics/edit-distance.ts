/**
 * Levenshtein distance between two sequences (unit cost for a substitution, insertion or deletion),
 * compared with ===. O(|a| |b|) time, O(min) memory.
 */
export function editDistance<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  if (a.length < b.length) [a, b] = [b, a];
  const n = b.length;
  let prev = new Int32Array(n + 1); // [|b| + 1] distances from a[0..i) to b[0..j)
  let next = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    next[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1] + (ai === b[j - 1] ? 0 : 1);
      const del = prev[j] + 1;
      const ins = next[j - 1] + 1;
      next[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, next] = [next, prev];
  }
  return prev[n];
}
