import { normalSampler, randomBatch, seededRandom } from '@seq2seq-losses/spec';

/**
 * @typedef {import('@seq2seq-losses/spec').CtcBatch} CtcBatch
 * @typedef {{ f32: CtcBatch, f64: CtcBatch, direction32: Float32Array, direction64: Float64Array }} BenchInputs
 */

/**
 * The seeded inputs of one case, as float32 and as a float64 copy holding the same values (so
 * float64 backends and the reference see exactly what float32 backends see).
 * direction: an HVP direction [B, T, C] ~ N(0, 1), float32-representable.
 * @param {import('./cases.mjs').BenchCase} c
 * @returns {BenchInputs}
 */
export function caseInputs(c) {
  const f32 = randomBatch({
    seed: c.seed, B: c.B, T: c.T, C: c.C, L: c.L,
    labelLength: c.labelLength, logitLength: c.logitLength, dtype: 'float32',
  });
  const f64 = { ...f32, logits: Float64Array.from(f32.logits) };
  const normal = normalSampler(seededRandom(c.seed + 1000));
  const direction32 = new Float32Array(f32.logits.length);
  for (let i = 0; i < direction32.length; i++) direction32[i] = normal();
  return { f32, f64, direction32, direction64: Float64Array.from(direction32) };
}

/**
 * The inputs in a backend's own precision.
 * @param {BenchInputs} inputs
 * @param {'float32' | 'float64'} precision
 */
export function inputsFor(inputs, precision) {
  return precision === 'float64'
    ? { batch: inputs.f64, direction: inputs.direction64 }
    : { batch: inputs.f32, direction: inputs.direction32 };
}
