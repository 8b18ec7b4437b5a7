import { randomBatch } from '@seq2seq-losses/spec';

/**
 * The soak's inputs: four batches of different shapes, both variants, one of them with -1e30 on a
 * label token of item 0 at every frame (the exact path for huge log-probabilities), each with a
 * direction for the HVP. Logits in the backend's precision.
 * @param {'float32' | 'float64'} precision
 * @returns {Array<{ batch: import('@seq2seq-losses/spec').CtcBatch, direction: import('@seq2seq-losses/spec').FloatArray, options: import('@seq2seq-losses/spec').CtcOptions }>}
 */
export function soakBatches(precision) {
  return [0, 1, 2, 3].map((k) => {
    const T = 10 + 7 * k;
    const batch = randomBatch({ seed: 500 + k, B: 2 + k, T, C: 5 + k, L: 2 + k, logitLength: [1, T], labelLength: [1, 2 + k], dtype: precision });
    if (k === 2) for (let t = 0; t < T; t++) batch.logits[t * batch.dims.C + batch.labels[0]] = -1e30;
    const direction = randomBatch({ seed: 600 + k, ...batch.dims, L: 0, dtype: precision }).logits;
    return { batch, direction, options: { variant: k % 2 ? 'simplified' : 'classic' } };
  });
}
