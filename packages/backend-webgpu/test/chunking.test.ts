import { describe, expect, it } from 'vitest';
import { CtcInputError, CtcUnsupportedError, randomBatch } from '@seq2seq-losses/spec';
import { referenceHessian, referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { planSubBatches } from '../src/batch-plan.js';
import { createBackend } from '../src/index.js';
import { framesPerChunk } from '../src/lattice-plan.js';
import { agree } from './support/agree.js';
import { expectClose } from './support/compare.js';
import { createTestBackend } from './support/gpu.js';

// Samples larger than one storage binding: a device cannot lower maxStorageBufferBindingSize below
// WebGPU's default (128 MiB), so the backend is asked to plan within a few KiB instead, which cuts
// the lattice in time chunks (lattice-plan.ts) and splits batches (batch-plan.ts) as a 128 MiB
// binding does for T = 5000, U = 2000.
const KiB = 1024;

describe('webgpu lattice in time chunks', () => {
  it('one batch, 7 chunks of 65 frames: loss, gradient and HVP, classic and simplified', async () => {
    const limit = 256 * KiB;
    const batch = randomBatch({ seed: 21, B: 2, T: 400, C: 10, L: 120, labelLength: [100, 120], logitLength: [330, 400] });
    expect(planSubBatches(batch.dims, batch.labelLength, { limit })).toEqual([{ b0: 0, b1: 2 }]);
    expect(framesPerChunk(2, 400, 241, limit)).toBe(65);
    const backend = await createTestBackend({ maxStorageBufferBindingSize: limit });
    try {
      expect(backend.info.maxStorageBufferBindingSize).toBe(limit);
      await agree(backend, batch, true);
      await agree(backend, batch, true, {}, { variant: 'simplified' });
      await agree(backend, batch, false, {}, { inputs: 'logProbs' });
      const want = referenceLossAndGradient(batch);
      expectClose(await backend.loss(batch), want.loss, 'loss only (forward chunks)');
    } finally {
      await backend.dispose();
    }
  });

  it('a batch split into one sample per call, each in 8 chunks (chunk edges at every phase of the rescaling)', async () => {
    const limit = 64 * KiB;
    const batch = randomBatch({ seed: 22, B: 3, T: 300, C: 12, L: 100, labelLength: [100, 100], logitLength: [180, 300] });
    expect(planSubBatches(batch.dims, batch.labelLength, { limit })).toEqual([{ b0: 0, b1: 1 }, { b0: 1, b1: 2 }, { b0: 2, b1: 3 }]);
    expect(framesPerChunk(1, 300, 201, limit)).toBe(38);
    const backend = await createTestBackend({ maxStorageBufferBindingSize: limit });
    try {
      await agree(backend, batch, true);
      await agree(backend, batch, false, {}, { variant: 'simplified' });
      const lastBlank = randomBatch({ seed: 27, B: 3, T: 300, C: 12, L: 100, labelLength: [60, 100], logitLength: [250, 300], blankIndex: -1 });
      await agree(backend, lastBlank, false, {}, { blankIndex: -1 });
    } finally {
      await backend.dispose();
    }
  });

  it('the full Hessian with chunked lattice and tangents (one sample per call, 3 chunks, 2 directions per dispatch)', async () => {
    const limit = 2 * KiB;
    const batch = randomBatch({ seed: 23, B: 2, T: 30, C: 5, L: 8, labelLength: [6, 8], logitLength: [24, 30] });
    expect(planSubBatches(batch.dims, batch.labelLength, { limit })).toHaveLength(2);
    expect(framesPerChunk(1, 30, 17, limit)).toBe(13);
    const backend = await createTestBackend({ maxStorageBufferBindingSize: limit });
    try {
      const got = await backend.hessian(batch);
      const want = referenceHessian(batch);
      expectClose(got.loss, want.loss, 'loss');
      expectClose(got.hessian, want.hessian, 'hessian');
    } finally {
      await backend.dispose();
    }
  });

  it('what cannot fit is a CtcUnsupportedError naming the quantity, the limit and what fits; failed calls keep no buffers', async () => {
    const limit = 64 * KiB;
    const backend = await createTestBackend({ maxStorageBufferBindingSize: limit });
    const pool = (backend as unknown as { pool: { size: number } }).pool;
    try {
      const wide = randomBatch({ seed: 24, B: 1, T: 2000, C: 10, L: 4 }); // [T, C] float32 = 80000 bytes
      const long = randomBatch({ seed: 25, B: 1, T: 3000, C: 3, L: 2000, labelLength: [1400, 1400] }); // 3 rows of 2801 states
      for (let i = 0; i < 5; i++) {
        const e1 = await backend.lossAndGradient(wide).catch((e: unknown) => e);
        expect(e1).toBeInstanceOf(CtcUnsupportedError);
        expect((e1 as Error).message).toMatch(/\[T, C\] = \[2000, 10\].*80000 bytes.*limit of 65536 bytes.*T \* C up to 16384 fits/);
        const e2 = await backend.loss(long).catch((e: unknown) => e);
        expect(e2).toBeInstanceOf(CtcUnsupportedError);
        expect((e2 as Error).message).toMatch(/U = 1400.*67224 bytes.*limit of 65536 bytes.*U up to 1364 fits/);
      }
      expect(pool.size).toBe(0);
      const small = randomBatch({ seed: 26, B: 2, T: 6, C: 4, L: 2 });
      expectClose(await backend.loss(small), referenceLossAndGradient(small).loss, 'loss after the errors');
      expect(pool.size).toBe(1);
    } finally {
      await backend.dispose();
    }
  });

  it('rejects a binding size that is not a number of bytes', async () => {
    for (const bad of [0, -1, NaN, Infinity]) {
      const error = await createBackend({ maxStorageBufferBindingSize: bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CtcInputError);
      expect(error).toMatchObject({ code: 'INVALID_OPTION', argument: 'options.maxStorageBufferBindingSize' });
    }
  });
});
