import { CtcUnsupportedError, type CtcBatch, type FloatArray, type ResolvedCtcOptions } from '@seq2seq-losses/spec';

/** The largest finite float32. */
const F32_MAX = 3.4028234663852886e38;

/**
 * The inputs [B, T, C] as the GPU takes them (float32). Float64 logits: each valid frame minus its
 * maximum, in float64, before the rounding to float32 (softmax ignores the shift), so that offsets
 * like 1e4 keep their float64 differences and values beyond the float32 range (1e300) are computed;
 * frames with NaN, +inf or only -inf are copied as they are (the classification flags them); padded
 * frames are 0 (never read). Float32 inputs are used as they are (log_softmax.wgsl subtracts the max
 * first). Float64 log-probs or directions beyond the float32 range are a CtcUnsupportedError.
 */
export function float32Inputs(batch: CtcBatch, options: ResolvedCtcOptions): Float32Array {
  const x = batch.logits;
  if (x instanceof Float32Array) return x;
  if (options.inputs !== 'logits') return float32Values(x, 'logProbs');
  const { B, T, C } = batch.dims;
  const out = new Float32Array(B * T * C);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < batch.logitLength[b]; t++) {
      const o = (b * T + t) * C;
      let m = -Infinity;
      for (let c = 0; c < C; c++) if (x[o + c] > m) m = x[o + c];
      const shift = Number.isFinite(m) ? m : 0;
      for (let c = 0; c < C; c++) out[o + c] = x[o + c] - shift;
    }
  }
  return out;
}

/** `values` in float32; finite values beyond the float32 range are a CtcUnsupportedError naming `what`. */
export function float32Values(values: FloatArray, what: string): Float32Array {
  if (values instanceof Float32Array) return values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if ((v > F32_MAX || v < -F32_MAX) && Number.isFinite(v)) {
      throw new CtcUnsupportedError(
        'webgpu',
        'float64 values beyond the float32 range',
        `webgpu: ${what}[${i}] = ${v} is beyond the float32 range (|x| <= ${F32_MAX}) that this float32 backend computes in; use a float64 backend (cpu-f64, onnx-f64, reference-cpu)${what === 'logProbs' ? ', or pass logits' : ' or scale the direction (the HVP is linear in it)'}`,
      );
    }
  }
  return Float32Array.from(values);
}
