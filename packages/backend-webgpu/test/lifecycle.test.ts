import { describe, expect, it } from 'vitest';
import { CtcBackendUnavailableError, randomBatch } from '@seq2seq-losses/spec';
import { referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { WebGpuCtcBackend, createBackend } from '../src/index.js';
import { expectClose } from './support/compare.js';
import { createTestBackend } from './support/gpu.js';

// Concurrency, buffer reuse, dispose, and the error when there is no adapter.
describe('webgpu lifecycle', () => {
  it('many concurrent calls on one backend each return their own correct result', async () => {
    const backend = await createTestBackend();
    try {
      const batches = Array.from({ length: 12 }, (_, i) =>
        randomBatch({ seed: 10 + i, B: 3, T: 20 + (i % 3), C: 5, L: 6, logitLength: [10, 20] }),
      );
      const results = await Promise.all(batches.map((batch) => backend.lossAndGradient(batch)));
      results.forEach((got, i) => {
        const want = referenceLossAndGradient(batches[i]);
        expectClose(got.loss, want.loss, `loss of call ${i}`);
        expectClose(got.gradient, want.gradient, `gradient of call ${i}`);
      });
    } finally {
      await backend.dispose();
    }
  });

  it('reuses buffers across calls of one shape and frees them on dispose', async () => {
    const backend = (await createTestBackend()) as WebGpuCtcBackend;
    const pool = (backend as unknown as { pool: { size: number } }).pool;
    const batch = randomBatch({ seed: 5, B: 2, T: 8, C: 4, L: 3 });
    for (let i = 0; i < 3; i++) await backend.lossAndGradient(batch);
    expect(pool.size).toBe(1);
    for (let T = 2; T < 8; T++) await backend.loss(randomBatch({ seed: T, B: 1, T, C: 3, L: 1 }));
    expect(pool.size).toBe(4); // idle sets are capped, whatever the number of shapes seen
    await backend.dispose();
    expect(pool.size).toBe(0);
    await backend.dispose(); // idempotent
    await expect(backend.loss(batch)).rejects.toThrow(/disposed/);
  });

  it('throws CtcBackendUnavailableError naming the fix when there is no adapter', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    const error = await createBackend({ gpu }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CtcBackendUnavailableError);
    expect(String((error as Error).message)).toMatch(/no WebGPU adapter.*install-vulkan-driver\.sh/);
  });
});
