import { describe, expect, it } from 'vitest';
import { randomBatch } from '@seq2seq-losses/spec';
import { createBackend } from '../dist/index.js';
import { directOutputs } from '../dist/direct-outputs.js';
import { bitwiseEqual } from './support/compare.js';

// options.out on backend-cpu: the results land in the caller's arrays (plain, or shared and then
// written by the workers in place from the second call on) with the bits of fresh results, and the
// caller's buffers never join the backend's own pool of shared buffers.
describe('backend-cpu with options.out', () => {
  const batch = randomBatch({ seed: 21, B: 6, T: 30, C: 300, L: 6, labelLength: [1, 6], logitLength: [5, 30], dtype: 'float32' });
  const other = randomBatch({ seed: 22, B: 6, T: 30, C: 300, L: 6, dtype: 'float32' });
  const n = batch.logits.length;
  const direction = randomBatch({ seed: 23, B: 6, T: 30, C: 300, L: 0, dtype: 'float32' }).logits;

  it('plain and shared arrays, threads 1 and 2: the fresh results bitwise, and the arrays themselves', async () => {
    for (const threads of [1, 2]) {
      const cpu = await createBackend({ threads, inlineBelow: 0 });
      try {
        const fresh = await cpu.hessianVectorProduct(batch, direction);
        for (const shared of [false, true]) {
          const make = (k: number) => (shared ? new Float32Array(new SharedArrayBuffer(4 * k)) : new Float32Array(k));
          const out = { loss: make(6), gradient: make(n), hvp: make(n) };
          for (let call = 0; call < 3; call++) {
            out.gradient.fill(NaN);
            out.hvp.fill(NaN);
            const r = await cpu.hessianVectorProduct(batch, direction, { out });
            const what = `threads ${threads}, ${shared ? 'shared' : 'plain'}, call ${call}`;
            expect(r.gradient, what).toBe(out.gradient);
            expect(r.hvp, what).toBe(out.hvp);
            expect(r.loss, what).toBe(out.loss);
            expect(bitwiseEqual(out.gradient, fresh.gradient), `${what}: gradient`).toBe(true);
            expect(bitwiseEqual(out.hvp, fresh.hvp), `${what}: hvp`).toBe(true);
            expect(bitwiseEqual(out.loss, fresh.loss), `${what}: loss`).toBe(true);
          }
        }
      } finally {
        await cpu.dispose();
      }
    }
  });

  it('a shared out array, once written by the workers, is not written by later calls without it', async () => {
    const cpu = await createBackend({ threads: 2, inlineBelow: 0 });
    try {
      const out = { gradient: new Float32Array(new SharedArrayBuffer(4 * n)) };
      await cpu.lossAndGradient(batch, { out });
      await cpu.lossAndGradient(batch, { out }); // handed to the workers now
      const kept = out.gradient.slice();
      for (let i = 0; i < 4; i++) await cpu.lossAndGradient(other); // the backend's own buffers only
      expect(bitwiseEqual(out.gradient, kept)).toBe(true);
      const expected = await cpu.lossAndGradient(other);
      const again = await cpu.lossAndGradient(other, { out });
      expect(bitwiseEqual(again.gradient, expected.gradient)).toBe(true);
    } finally {
      await cpu.dispose();
    }
  });

  it('hands the workers a shared buffer from its second use, at byte offset 0 only', () => {
    const seen = new WeakSet<SharedArrayBuffer>();
    const sab = new SharedArrayBuffer(4 * n);
    const at0 = { gradient: new Float32Array(sab) };
    expect(directOutputs(at0, seen)).toEqual({});
    expect(directOutputs(at0, seen)).toEqual({ gradient: sab });
    const shifted = new SharedArrayBuffer(4 * n + 16);
    const view = { gradient: new Float32Array(shifted, 16, n) };
    expect(directOutputs(view, seen)).toEqual({});
    expect(directOutputs(view, seen)).toEqual({});
    expect(directOutputs({ gradient: new Float32Array(n) }, seen)).toEqual({});
  });
});
