import type { FloatArray } from './batch.js';
import { CtcInputError } from './errors.js';
import type { CtcInputMode } from './options.js';

/** The largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * logits [..., C] (frames of C contiguous, either layout) as float32, for float32 backends.
 * A Float32Array comes back as is. A Float64Array:
 * - 'logits' mode: each frame is shifted by its maximum in float64 before rounding (softmax ignores
 *   the shift; -inf stays -inf), so offsets such as 1e4 keep their float64 differences instead of
 *   being rounded to float32's spacing there (1e-3), and values beyond float32 range (1e300) compute
 *   instead of turning into inf and NaN. A frame holding NaN or +inf, or only -inf, is rounded as
 *   it is (the sample is NaN either way).
 * - 'logProbs' mode: rounded; a value above +3.4e38 has no float32 meaning and is a
 *   VALUE_OUT_OF_RANGE error, one below -3.4e38 rounds to -inf (probability 0, as in float64).
 */
export function logitsToFloat32(fn: string, logits: FloatArray, C: number, inputs: CtcInputMode): Float32Array {
  if (logits instanceof Float32Array) return logits;
  if (inputs === 'logProbs') return logProbsToFloat32(fn, logits);
  const out = new Float32Array(logits.length);
  for (let start = 0; start < logits.length; start += C) shiftFrame(logits, out, start, C);
  return out;
}

function logProbsToFloat32(fn: string, logits: Float64Array): Float32Array {
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i];
    if (x > FLOAT32_MAX && Number.isFinite(x)) {
      throw new CtcInputError('VALUE_OUT_OF_RANGE', fn, 'logits', `expected \`logits[${i}]\` (a log-probability) to be at most 3.4028234663852886e38 (float32), got ${x}`);
    }
  }
  return new Float32Array(logits);
}

/** out[frame] = logits[frame] - max(frame) in float64; as it is when the max is NaN, +inf or -inf. */
function shiftFrame(logits: Float64Array, out: Float32Array, start: number, C: number): void {
  let max = -Infinity;
  for (let c = start; c < start + C; c++) if (logits[c] > max || Number.isNaN(logits[c])) max = logits[c];
  const shift = Number.isFinite(max) ? max : 0;
  for (let c = start; c < start + C; c++) out[c] = logits[c] - shift;
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
