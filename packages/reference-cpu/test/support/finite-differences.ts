/** Central difference (f(x + eps d) - f(x - eps d)) / 2 eps of a vector-valued f at x along d. */
export function centralDifference(
  f: (x: Float64Array) => Float64Array,
  x: ArrayLike<number>,
  d: ArrayLike<number>,
  eps: number,
): Float64Array {
  const plus = Float64Array.from(x, (v, i) => v + eps * d[i]);
  const minus = Float64Array.from(x, (v, i) => v - eps * d[i]);
  const fp = f(plus);
  const fm = f(minus);
  return Float64Array.from(fp, (v, i) => (v - fm[i]) / (2 * eps));
}
