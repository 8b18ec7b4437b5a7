import { randomInt, seededRandom } from '@seq2seq-losses/spec';

/**
 * "Peaky" network output like a trained CTC model's, float32 [B, T, C]: uniform noise in [0, 2) plus
 * +8 on one token per frame (the blank, index 0, on about 60% of frames).
 * @param {number} B @param {number} T @param {number} C @param {number} seed
 */
export function peakyLogits(B, T, C, seed) {
  const uniform = seededRandom(seed);
  const x = new Float32Array(B * T * C); // [B, T, C]
  for (let i = 0; i < x.length; i++) x[i] = 2 * uniform();
  for (let bt = 0; bt < B * T; bt++) x[bt * C + (uniform() < 0.6 ? 0 : randomInt(uniform, 1, C - 1))] += 8;
  return x;
}

/**
 * Random labels [B, U] of tokens 1..C-1 (no blank), every sample U long.
 * @param {number} B @param {number} U @param {number} C @param {number} seed
 */
export function randomLabels(B, U, C, seed) {
  const uniform = seededRandom(seed);
  return Int32Array.from({ length: B * U }, () => randomInt(uniform, 1, C - 1));
}
