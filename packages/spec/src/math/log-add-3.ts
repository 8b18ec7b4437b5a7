/** log(e^a + e^b + e^c), exact -inf when all three are -inf (never NaN); the step of every CTC lattice. */
export function logAddExp3(a: number, b: number, c: number): number {
  let m = a > b ? a : b;
  if (c > m) m = c;
  if (m === -Infinity) return -Infinity;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m));
}

/**
 * sum_i softmax(l)_i * v_i over three terms with log-weights la, lb, lc: a conditional expectation
 * (the weights of the tangent / HVP pass). 0 when every weight is 0 (all -inf); a zero weight never
 * multiplies its value, which may then be unused garbage such as Infinity.
 */
export function softmaxMean3(la: number, lb: number, lc: number, va: number, vb: number, vc: number): number {
  let m = la > lb ? la : lb;
  if (lc > m) m = lc;
  if (m === -Infinity) return 0;
  const wa = Math.exp(la - m);
  const wb = Math.exp(lb - m);
  const wc = Math.exp(lc - m);
  return ((wa > 0 ? wa * va : 0) + (wb > 0 ? wb * vb : 0) + (wc > 0 ? wc * vc : 0)) / (wa + wb + wc);
}
