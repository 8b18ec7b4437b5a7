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
  const out = Float32Array.from(logits);
  for (let start = 0; start < logits.length; start += C) {
    let beyond = false;
    let max = -Infinity;
    for (let c = start; c < start + C; c++) {
      const x = logits[c];
      if (Number.isFinite(x) && Math.abs(x) > FLOAT32_MAX) beyond = true;
      if (x > max || Number.isNaN(x)) max = x;
    }
    if (!beyond) continue;
    if (inputs === 'logProbs') {
      for (let c = start; c < start + C; c++) {
        if (Number.isFinite(logits[c]) && logits[c] > FLOAT32_MAX) {
          throw new CtcInputError('VALUE_OUT_OF_RANGE', fn, 'logits', `expected \`logits[${c}]\` (a log-probability) to be at most 3.4028234663852886e38 (float32), got ${logits[c]}`);
        }
      }
      continue;
    }
    if (!Number.isFinite(max)) continue; // NaN or +inf in the frame: the sample is NaN either way
    for (let c = start; c < start + C; c++) out[c] = logits[c] - max;
  }
  return out;
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
  return Float32Array.from(direction);
}
