// A large-vocabulary sample streamed through the staging in chunks of frames (src/wasm/frames.ts):
// the float32-lane frame pass (frames-f32.ts) and, for an HVP, the dense part of its rows
// (hvp-soft32.ts), each chunk written out while it is still in cache.
import { fusedFrameF32 } from './frames-f32';
import { softHvpRow } from './hvp-soft32';
import { HI, LO, OUT, PROW, PV, TOKEN, VTOK } from './layout';
import { rowExtremes, rowMax, rowNaN } from './row-extremes';

/**
 * The float32-lane frame pass over `rows` frames staged at x (frames t0 .. t0 + rows - 1 of the
 * sample): frameMax, frameSum, EMIT of frames t0 + t, and with `gradient` their softmax rows q into
 * OUT rows 0 .. rows - 1. With a direction chunk v [rows, C] f32 (v != 0) also the dense HVP rows
 *   q_c (v_c - pv_t),  pv_t = sum_c q_c v_c   (softHvpRow)
 * into OUT rows rows .. 2 rows - 1, pv_t into PV and v at the window's tokens into VTOK [Tb, W]
 * (the tangent pass corrects the tokens' entries later). Returns 0 when a frame holds NaN or +inf
 * or is all -inf, else 1.
 */
export function streamedFrames(x: usize, t0: i32, rows: i32, C: i32, frameMax: usize, frameSum: usize, gradient: i32, S: i32, v: usize): i32 {
  const W = S + 4;
  for (let t = 0; t < rows; t++) {
    const row = x + ((<usize>t * <usize>C) << 2);
    rowExtremes<f32>(row, C, false);
    const m = rowMax;
    if (rowNaN || m == Infinity || m == -Infinity) return 0;
    const q = gradient ? OUT + ((<usize>t * <usize>C) << 2) : PROW;
    const z = fusedFrameF32(row, t0 + t, C, m, gradient, S, q);
    if (z != z) return 0;
    store<f64>(frameMax + (<usize>(t0 + t) << 3), m);
    store<f64>(frameSum + (<usize>(t0 + t) << 3), z);
    if (!v) continue;
    const vRow = v + ((<usize>t * <usize>C) << 2);
    const pv = softHvpRow(row, q, vRow, C, m, 1 / z, 0, OUT + ((<usize>(rows + t) * <usize>C) << 2));
    store<f64>(PV + (<usize>(t0 + t) << 3), pv);
    const tokens = VTOK + ((<usize>(t0 + t) * <usize>W) << 3);
    const l = load<i32>(LO + (<usize>(t0 + t) << 2));
    const h = load<i32>(HI + (<usize>(t0 + t) << 2));
    for (let j = l + 2; j <= h + 2; j++) store<f64>(tokens + (<usize>j << 3), <f64>load<f32>(vRow + (<usize>load<i32>(TOKEN + (<usize>j << 2)) << 2)));
  }
  return 1;
}
