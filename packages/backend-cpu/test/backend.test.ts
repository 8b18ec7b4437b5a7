import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CtcInputError, randomBatch } from '@seq2seq-losses/spec';
import { referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { createBackend, ctcHessianSync, ctcHessianVectorProductSync, liveWorkerCount } from '../dist/index.js';
import { bitwiseEqual, expectClose } from './support/compare.js';

const batch = randomBatch({ seed: 31, B: 12, T: 40, C: 7, L: 12, logitLength: [0, 40], labelLength: [0, 12], dtype: 'float32' });
const v = Float32Array.from(randomBatch({ seed: 32, B: 12, T: 40, C: 7, L: 0 }).logits);

describe('createBackend', () => {
  it('names, capabilities and info of both precisions', async () => {
    const f32 = await createBackend({ threads: 2 });
    const f64 = await createBackend({ precision: 'float64', threads: 1 });
    try {
      expect(f32.name).toBe('cpu');
      expect(f32.capabilities.precision).toBe('float32');
      expect(f32.info).toMatchObject({ threads: 2, precision: 'float32', parallelism: 'worker_threads' });
      expect(f64.name).toBe('cpu-f64');
      expect(f64.info).toMatchObject({ threads: 1, precision: 'float64', parallelism: 'inline' });
      expect(f64.capabilities).toMatchObject({ hessianVectorProduct: true, hessian: true, variants: ['classic', 'simplified'] });
      expect(await f32.loss(batch)).toBeInstanceOf(Float32Array);
      const r = await f64.lossAndGradient(batch); // float32 inputs, float64 outputs
      expect(r.gradient).toBeInstanceOf(Float64Array);
      const ref = referenceLossAndGradient(batch);
      expectClose(r.gradient, ref.gradient, { rtol: 1e-9, atol: 1e-9 }, 'float64 gradient of float32 inputs');
    } finally {
      await f32.dispose();
      await f64.dispose();
    }
  });

  it('rejects bad options and bad input with typed errors', async () => {
    await expect(createBackend({ threads: 0 })).rejects.toThrow(/threads/);
    await expect(createBackend({ precision: 'float16' as 'float32' })).rejects.toThrow(/precision/);
    await expect(createBackend({ inlineBelow: -1 })).rejects.toThrow(/inlineBelow/);
    const backend = await createBackend({ threads: 2, inlineBelow: 0 });
    try {
      await expect(backend.loss(batch, { variant: 'other' as 'classic' })).rejects.toBeInstanceOf(CtcInputError);
      await expect(backend.hessianVectorProduct(batch, new Float32Array(5))).rejects.toThrow(/hessianVectorProduct: .*SHAPE_MISMATCH/);
    } finally {
      await backend.dispose();
    }
  });

  it('threads 1 and 2 (workers forced) give bitwise identical results, equal to the sync kernel', async () => {
    const one = await createBackend({ threads: 1 });
    const two = await createBackend({ threads: 2, inlineBelow: 0 });
    try {
      for (const options of [{}, { variant: 'simplified' as const, inputs: 'logProbs' as const }]) {
        const a = await one.hessianVectorProduct(batch, v, options);
        const b = await two.hessianVectorProduct(batch, v, options);
        const s = ctcHessianVectorProductSync(batch, v, options);
        for (const key of ['loss', 'gradient', 'hvp'] as const) {
          expect(bitwiseEqual(a[key], b[key]), `${key} threads 1 vs 2`).toBe(true);
          expect(bitwiseEqual(a[key], s[key]), `${key} backend vs sync`).toBe(true);
          expect(b[key].buffer instanceof SharedArrayBuffer, 'outputs are ordinary arrays').toBe(false);
        }
        const h1 = await one.hessian(batch, options);
        const h2 = await two.hessian(batch, options);
        expect(bitwiseEqual(h1.hessian, h2.hessian)).toBe(true);
      }
      const again = await two.hessianVectorProduct(batch, v);
      expect(bitwiseEqual(again.hvp, (await two.hessianVectorProduct(batch, v)).hvp), 'repeated runs').toBe(true);
    } finally {
      await one.dispose();
      await two.dispose();
    }
  });

  it('concurrent calls on one backend each get their own results', async () => {
    const backend = await createBackend({ threads: 2, inlineBelow: 0 });
    try {
      const [a, b, c] = await Promise.all([
        backend.loss(batch),
        backend.loss(batch, { variant: 'simplified' }),
        backend.lossAndGradient(batch),
      ]);
      expect(bitwiseEqual(a, c.loss)).toBe(true);
      expect(bitwiseEqual(a, b)).toBe(false);
    } finally {
      await backend.dispose();
    }
  });

  it('reused shared buffers never carry values of an earlier call into padded frames or impossible samples', async () => {
    const backend = await createBackend({ threads: 2, inlineBelow: 0 });
    try {
      const full = randomBatch({ seed: 33, B: 4, T: 10, C: 5, L: 3, labelLength: [1, 3], dtype: 'float32' });
      const dirFull = Float32Array.from(randomBatch({ seed: 34, B: 4, T: 10, C: 5, L: 0 }).logits);
      await backend.hessianVectorProduct(full, dirFull); // fills every row
      await backend.hessian(full);
      // Same shapes: shorter sequences, one infeasible sample (T_b = 1 < U = 3), one T_b = 0.
      const short = { ...full, logitLength: Int32Array.from([4, 1, 0, 7]), labelLength: Int32Array.from([2, 3, 0, 1]) };
      const got = await backend.hessianVectorProduct(short, dirFull);
      const ref = ctcHessianVectorProductSync(short, dirFull); // fresh zeroed arrays
      for (const key of ['loss', 'gradient', 'hvp'] as const) expect(bitwiseEqual(got[key], ref[key]), key).toBe(true);
      const h = await backend.hessian(short);
      const hr = ctcHessianSync(short);
      expect(bitwiseEqual(h.hessian, hr.hessian), 'hessian').toBe(true);
    } finally {
      await backend.dispose();
    }
  });

  it('dispose is idempotent, stops the workers, and later calls fail clearly', async () => {
    const before = liveWorkerCount();
    const backend = await createBackend({ threads: 2, inlineBelow: 0 });
    await backend.loss(batch);
    expect(liveWorkerCount()).toBe(before + 1); // threads - 1 workers: the calling thread computes a share
    await backend.dispose();
    await backend.dispose();
    expect(liveWorkerCount()).toBe(before);
    await expect(backend.loss(batch)).rejects.toThrow(/disposed/);
  });

  it('dispose during the first call (threads still starting) leaves no thread alive', async () => {
    const before = liveWorkerCount();
    const backend = await createBackend({ threads: 2, inlineBelow: 0 });
    const pending = backend.loss(batch);
    await backend.dispose();
    await pending.then(
      (loss) => expect(loss).toHaveLength(batch.dims.B),
      (error: Error) => expect(error.message).toMatch(/disposed/),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(liveWorkerCount()).toBe(before);
  });

  it('20 backends created, used and disposed leave nothing behind; the process exits by itself', async () => {
    const script = fileURLToPath(new URL('./support/exit-check.mjs', import.meta.url));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [script], { timeout: 60_000 }, (error, out, err) =>
        error ? reject(new Error(`child did not exit cleanly: ${error.message}\n${err}`)) : resolve(out),
      );
    });
    const report = JSON.parse(stdout.trim()) as { liveAfterDispose: number; resources: string[] };
    expect(report.liveAfterDispose).toBe(0);
    // Only the child's own stdio handles may remain (no ports, timers or workers).
    const stdio = new Set(['PipeWrap', 'TTYWrap', 'CloseReq']);
    expect(report.resources.filter((r) => !stdio.has(r))).toEqual([]);
  });
});
