import { expNonPositive } from './fast-exp.js';
import type { SampleInput } from './sample-input.js';
import { readFramesWasm } from './wasm/frames.js';
import type { Workspace } from './workspace.js';

/**
 * Reads the valid frames of one sample once: frameMax[t] = max_c x[t, c] and, in 'logits' mode,
 * the softmax numerators p[t, c] = exp(x - max) (softmax = p[t, c] * frameInvZ[t]) with
 * frameLogZ[t] = log Z_t, so that
 * z[t, c] = (x[t, c] - frameMax[t]) - frameLogZ[t] exactly (logits of 1e10 included).
 * Returns false when a valid frame holds NaN or +inf, or is all -inf: the sample's outputs are NaN.
 * Runs on the WebAssembly SIMD kernels when the workspace has them.
 */
export function readFrames(ws: Workspace, inp: SampleInput): boolean {
  if (ws.kernels) return readFramesWasm(ws, ws.kernels, inp);
  const { x, xOff, Tb, C } = inp;
  const { p, frameMax, frameLogZ, frameInvZ } = ws;
  const logits = inp.inputs === 'logits';
  for (let t = 0; t < Tb; t++) {
    const row = xOff + t * C;
    let m = -Infinity;
    if (logits) {
      for (let c = 0; c < C; c++) {
        const v = x[row + c];
        if (v > m) m = v; // NaN never wins; it shows up as a NaN sum below
      }
    } else {
      for (let c = 0; c < C; c++) {
        const v = x[row + c];
        if (v !== v) return false;
        if (v > m) m = v;
      }
    }
    if (m === -Infinity || m === Infinity) return false;
    frameMax[t] = m;
    if (!logits) continue;
    const pr = t * C;
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const e = expNonPositive(x[row + c] - m);
      p[pr + c] = e;
      sum += e;
    }
    if (sum !== sum) return false; // a NaN logit
    frameInvZ[t] = 1 / sum;
    frameLogZ[t] = Math.log(sum);
  }
  return true;
}
