// Max, min and NaN of one row (the first step of every frame pass).

// results of rowExtremes
export let rowMax: f64 = 0;
export let rowMin: f64 = 0;
export let rowNaN: bool = false;

/**
 * Max and min of a row of C elements of T (pseudo-max/min: NaN never wins, as `v > m` in
 * JavaScript), and whether it holds a NaN (checked only when `nan`), into rowMax, rowMin, rowNaN.
 */
// @ts-ignore: decorator
@inline export function rowExtremes<T>(row: usize, C: i32, nan: bool): void {
  const size = sizeof<T>();
  let c = 0;
  let m: f64 = -Infinity;
  let n: f64 = Infinity;
  let bad = false;
  if (sizeof<T>() == 4) {
    let m4 = f32x4.splat(-Infinity);
    let n4 = f32x4.splat(Infinity);
    let q4 = f32x4.splat(0);
    for (; c + 4 <= C; c += 4) {
      const v = v128.load(row + <usize>c * size);
      m4 = f32x4.pmax(m4, v);
      n4 = f32x4.pmin(n4, v);
      if (nan) q4 = v128.or(q4, f32x4.ne(v, v));
    }
    // across the lanes without branches (no lane is NaN: pmax and pmin keep their first operand then)
    m4 = f32x4.pmax(m4, i8x16.shuffle(m4, m4, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
    m4 = f32x4.pmax(m4, i8x16.shuffle(m4, m4, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
    n4 = f32x4.pmin(n4, i8x16.shuffle(n4, n4, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
    n4 = f32x4.pmin(n4, i8x16.shuffle(n4, n4, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
    m = <f64>f32x4.extract_lane(m4, 0);
    n = <f64>f32x4.extract_lane(n4, 0);
    bad = v128.any_true(q4);
  } else {
    let m2 = f64x2.splat(-Infinity);
    let n2 = f64x2.splat(Infinity);
    let q2 = f64x2.splat(0);
    for (; c + 2 <= C; c += 2) {
      const v = v128.load(row + <usize>c * size);
      m2 = f64x2.pmax(m2, v);
      n2 = f64x2.pmin(n2, v);
      if (nan) q2 = v128.or(q2, f64x2.ne(v, v));
    }
    const a0 = f64x2.extract_lane(m2, 0);
    const a1 = f64x2.extract_lane(m2, 1);
    m = a1 > a0 ? a1 : a0;
    const b0 = f64x2.extract_lane(n2, 0);
    const b1 = f64x2.extract_lane(n2, 1);
    n = b1 < b0 ? b1 : b0;
    bad = v128.any_true(q2);
  }
  for (; c < C; c++) {
    const v = <f64>load<T>(row + <usize>c * size);
    if (v > m) m = v;
    if (v < n) n = v;
    if (v != v) bad = true;
  }
  rowMax = m;
  rowMin = n;
  rowNaN = bad;
}
