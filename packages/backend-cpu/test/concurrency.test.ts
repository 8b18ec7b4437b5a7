import { describe, expect, it } from 'vitest';
import { randomBatch, type CtcBatch } from '@seq2seq-losses/spec';
import { createBackend } from '../dist/index.js';
import { bitwiseEqual } from './support/compare.js';

// Determinism at every thread count under concurrency: 20 calls in flight on one backend (and on
// three backends of 1, 2 and 3 threads at once) give the bits of the same calls made one by one on
// one thread, for mixed batches, one of them with -1e30 on label tokens (reference-cpu's exact path).
function mixedBatches(): CtcBatch<Float32Array>[] {
  const batches = [0, 1, 2, 3].map((k) =>
    randomBatch({ seed: 90 + k, B: 3 + k, T: 8 + 9 * k, C: 5 + k, L: 2 + k, logitLength: [1, 8 + 9 * k], labelLength: [1, 2 + k], dtype: 'float32' }) as CtcBatch<Float32Array>,
  );
  const huge = batches[1];
  const { T, C } = huge.dims;
  for (let t = 0; t < T; t++) huge.logits[t * C + huge.labels[0]] = -1e30; // item 0: every alignment pays 1e30
  return batches;
}

describe('concurrent calls', () => {
  it('20 concurrent calls on threads 1, 2 and 3 equal sequential calls on one thread, bitwise', async () => {
    const batches = mixedBatches();
    const directions = batches.map((b, k) => Float32Array.from(randomBatch({ seed: 200 + k, ...b.dims, L: 0 }).logits));
    const backends = await Promise.all([1, 2, 3].map((threads) => createBackend({ threads, inlineBelow: 0 })));
    try {
      const one = backends[0];
      const sequential = [];
      for (let k = 0; k < batches.length; k++) sequential.push(await one.hessianVectorProduct(batches[k], directions[k], { variant: k % 2 ? 'simplified' : 'classic' }));
      const calls = Array.from({ length: 20 }, (_, i) => ({ k: i % batches.length, backend: backends[i % 3] }));
      const results = await Promise.all(calls.map(({ k, backend }) => backend.hessianVectorProduct(batches[k], directions[k], { variant: k % 2 ? 'simplified' : 'classic' })));
      results.forEach((r, i) => {
        const want = sequential[calls[i].k];
        for (const key of ['loss', 'gradient', 'hvp'] as const) expect(bitwiseEqual(r[key], want[key]), `call ${i} ${key}`).toBe(true);
      });
      expect(Number.isFinite(sequential[1].loss[0]) && sequential[1].loss[0] > 1e29).toBe(true);
    } finally {
      await Promise.all(backends.map((b) => b.dispose()));
    }
  });
});
