import type { FloatArray } from './batch.js';
import { CtcInputError } from './errors.js';
import type { CtcInputMode } from './options.js';

/** The largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * logits [..., C] (frames of C contiguous, either layout) as float32, for float32 backends.
 * A Float32Array comes back as is. A Float64Array is rounded, except that in 'logits' mode a frame
 * holding a finite value beyond float32 range (|x| > 3.4e38) is first shifted by its maximum in
 * float64 (softmax ignores the shift; -inf stays -inf), so 1e300 computes instead of turning into
 * inf and NaN. In 'logProbs' mode such a value has no float32 meaning: above +3.4e38 it is a
 * VALUE_OUT_OF_RANGE error, below -3.4e38 it rounds to -inf (probability 0, as in float64).
 */
export function logitsToFloat32(fn: string, logits: FloatArray, C: number, inputs: CtcInputMode): Float32Array {
  if (logits instanceof Float32Array) return logits;
  const out = new Float32Array(logits.length);
  let first = -1; // the first value beyond float32 range (+-inf included; sorted out below)
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i];
    out[i] = x;
    if (first < 0 && (x > FLOAT32_MAX || x < -FLOAT32_MAX)) first = i;
  }
  if (first < 0) return out;
  for (let i = first; i < logits.length; i++) {
    const x = logits[i];
    if (!(x > FLOAT32_MAX || x < -FLOAT32_MAX) || !Number.isFinite(x)) continue;
    const start = i - (i % C);
    if (inputs === 'logProbs') {
      if (x > 0) {
        throw new CtcInputError('VALUE_OUT_OF_RANGE', fn, 'logits', `expected \`logits[${i}]\` (a log-probability) to be at most 3.4028234663852886e38 (float32), got ${x}`);
      }
      continue; // below -3.4e38: -inf, probability 0 as in float64
    }
    shiftFrame(logits, out, start, C);
    i = start + C - 1; // the frame is done
  }
  return out;
}

/** out[frame] = logits[frame] - max(frame) in float64, unless the frame holds NaN or +inf. */
function shiftFrame(logits: Float64Array, out: Float32Array, start: number, C: number): void {
  let max = -Infinity;
  for (let c = start; c < start + C; c++) if (logits[c] > max || Number.isNaN(logits[c])) max = logits[c];
  if (!Number.isFinite(max)) return; // NaN or +inf in the frame: the sample is NaN either way
  for (let c = start; c < start + C; c++) out[c] = logits[c] - max;
}

/** An HVP direction as float32; a finite value beyond float32 range is a VALUE_OUT_OF_RANGE error. */
export function directionToFloat32(fn: string, direction: FloatArray): Float32Array {
  if (direction instanceof Float32Array) return direction;
  for (let i = 0; i < direction.length; i++) {
    const v = direction[i];
    if (Number.isFinite(v) && Math.abs(v) > FLOAT32_MAX) {
      throw new CtcInputError('VALUE_OUT_OF_RANGE', fn, 'direction', `expected \`direction[${i}]\` within float32 range (|v| <= 3.4028234663852886e38), got ${v}`);
    }
  }
  return new Float32Array(direction);
}
