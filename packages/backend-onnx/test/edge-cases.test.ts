import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceHessianVectorProduct, referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { exampleBatch, toleranceFor, type CtcBackend, type CtcBatch } from '@seq2seq-losses/spec';
import { createBackend } from '../src/index.js';
import { expectClose } from './helpers.js';

/** One-sample (or small) batch from nested arrays: logits [B][T][C]. */
function batchOf(logits: number[][][], labels: number[][], logitLength?: number[], dtype: 'float32' | 'float64' = 'float64'): CtcBatch {
  const B = logits.length;
  const T = logits[0]?.length ?? 0;
  const C = logits[0]?.[0]?.length ?? 3;
  const L = Math.max(0, ...labels.map((l) => l.length));
  const flat = logits.flat(2);
  return {
    logits: dtype === 'float64' ? Float64Array.from(flat) : Float32Array.from(flat),
    labels: Int32Array.from(labels.flatMap((l) => [...l, ...new Array(L - l.length).fill(0)])),
    labelLength: Int32Array.from(labels.map((l) => l.length)),
    logitLength: Int32Array.from(logitLength ?? logits.map(() => T)),
    dims: { B, T, C, L },
  };
}

const NON_UNIFORM = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.5], [-0.1, 0.2, 0.4], [0.0, -0.3, 0.6]];

for (const dtype of ['float64', 'float32'] as const) {
  describe(`edge cases of docs/math.md, ${dtype}`, () => {
    let backend: CtcBackend;
    beforeAll(async () => {
      backend = await createBackend({ dtype });
    });
    afterAll(() => backend.dispose());
    const tol = toleranceFor(dtype);

    it('worked numbers: all-zero example batch and non-uniform logits', async () => {
      const ex = exampleBatch();
      expectClose(await backend.loss(ex), [5 * Math.log(3), 4 * Math.log(3) - Math.log(7)], tol, 'classic');
      expectClose(await backend.loss(ex, { variant: 'simplified' }), [5 * Math.log(3) - Math.log(5), 4 * Math.log(3) - Math.log(4)], tol, 'simplified');
      const x = [NON_UNIFORM];
      expectClose(await backend.loss(batchOf(x, [[1, 2]])), [1.193921], { rtol: 1e-6, atol: 1e-6 }, 'classic [1,2]');
      expectClose(await backend.loss(batchOf(x, [[1, 2]]), { variant: 'simplified' }), [2.24522], { rtol: 1e-6, atol: 1e-6 }, 'simplified [1,2]');
      expectClose(await backend.loss(batchOf(x, [[0, 1]]), { blankIndex: 2 }), [1.467758], { rtol: 1e-6, atol: 1e-6 }, 'blank 2');
      expectClose(await backend.loss(batchOf(x, [[1, 1]])), [3.347848], { rtol: 1e-6, atol: 1e-6 }, 'classic [1,1]');
    });

    it('logits 1e10 stay exact: loss 1e10, gradients [1, -1, 0] and [0, -1, 0]', async () => {
      const r = await backend.lossAndGradient(batchOf([[[1e10, 0, 0]]], [[1]], undefined, dtype));
      expect(r.loss[0]).toBe(1e10);
      expect(Array.from(r.gradient)).toEqual([1, -1, 0]);
      const z = await backend.lossAndGradient(batchOf([[[0, -1e10, -1e10]]], [[1]], undefined, dtype), { inputs: 'logProbs' });
      expect(z.loss[0]).toBe(1e10);
      expect(Array.from(z.gradient, (v) => v + 0)).toEqual([0, -1, 0]); // + 0 folds -0 into 0
    });

    it('infeasible samples: +inf (0 with zeroInfinity), zero gradient and HVP; T_b = U + R is finite', async () => {
      // classic label [1, 1] needs 3 frames; simplified needs 2.
      const x = [NON_UNIFORM.slice(0, 2), NON_UNIFORM.slice(0, 3)].map((f) => [...f, ...new Array(3 - f.length).fill([9, 9, 9])]);
      const batch = batchOf(x, [[1, 1], [1, 1]], [2, 3]);
      const direction = new Float64Array(batch.logits.length).fill(0.25).map((v, i) => v * (i % 5));
      const r = await backend.hessianVectorProduct(batch, direction);
      expect(r.loss[0]).toBe(Infinity);
      expect(Array.from(r.gradient.subarray(0, 9)).every((v) => v === 0)).toBe(true);
      expect(Array.from(r.hvp.subarray(0, 9)).every((v) => v === 0)).toBe(true);
      // single path (1 _ 1): loss = -sum_t z[t, pi_t]
      const z = NON_UNIFORM.slice(0, 3).map((f) => f.map((v) => v - Math.log(f.reduce((s, u) => s + Math.exp(u), 0))));
      expectClose([r.loss[1]], [-(z[0][1] + z[1][0] + z[2][1])], tol, 'single alignment');
      expect((await backend.loss(batch, { zeroInfinity: true }))[0]).toBe(0);
      expect((await backend.loss(batch, { variant: 'simplified' }))[0]).toBeLessThan(Infinity);
    });

    it('T_b = 0 and U_b = 0: loss 0 / +inf / -sum z[t, blank]; gradient only on the blank column', async () => {
      const x = [NON_UNIFORM, NON_UNIFORM, NON_UNIFORM];
      const batch = batchOf(x, [[], [2], []], [0, 0, 4]);
      const r = await backend.lossAndGradient(batch, { inputs: 'logProbs', blankIndex: 1 });
      expect(r.loss[0]).toBe(0);
      expect(r.loss[1]).toBe(Infinity);
      expectClose([r.loss[2]], [-NON_UNIFORM.reduce((s, f) => s + f[1], 0)], tol, 'U = 0');
      expectClose(r.gradient.subarray(24, 36), NON_UNIFORM.flatMap(() => [0, -1, 0]), tol, 'U = 0 gradient');
      expect(Array.from(r.gradient.subarray(0, 24)).every((v) => v === 0)).toBe(true);
    });

    it('no frames at all (T = 0), an empty batch (B = 0) and no label slots (L = 0)', async () => {
      const noFrames = { ...batchOf([[], []], [[], [1]]), dims: { B: 2, T: 0, C: 3, L: 1 } };
      expect(Array.from(await backend.loss(noFrames))).toEqual([0, Infinity]);
      expect(Array.from(await backend.loss(noFrames, { zeroInfinity: true }))).toEqual([0, 0]);
      const empty = batchOf([], []);
      expect((await backend.lossAndGradient({ ...empty, dims: { B: 0, T: 4, C: 3, L: 2 } })).loss.length).toBe(0);
      const noLabels = batchOf([NON_UNIFORM], [[]]);
      const ref = referenceLossAndGradient(noLabels);
      const r = await backend.lossAndGradient(noLabels);
      expectClose(r.loss, ref.loss, tol, 'L = 0 loss');
      expectClose(r.gradient, ref.gradient, tol, 'L = 0 gradient');
    });

    it('NaN stays in its sample: NaN / +inf / all -inf frames give NaN, neighbours are unaffected', async () => {
      for (const inputs of ['logits', 'logProbs'] as const) {
        for (const bad of [[NaN, 0, 0], [Infinity, 0, 0], [-Infinity, -Infinity, -Infinity]]) {
          const x = [[NON_UNIFORM[0], bad, NON_UNIFORM[2]], NON_UNIFORM.slice(0, 3), NON_UNIFORM.slice(1, 4)];
          const batch = batchOf(x, [[1], [2], [1, 1, 1]], [3, 3, 3]);
          const ref = referenceLossAndGradient(batch, { inputs });
          const r = await backend.lossAndGradient(batch, { inputs });
          const label = `${inputs} bad frame ${bad}`;
          expect(r.loss[0], label).toBeNaN();
          expect(Array.from(r.gradient.subarray(0, 9)).every(Number.isNaN), label).toBe(true);
          expectClose(r.loss, ref.loss, tol, label);
          expectClose(r.gradient, ref.gradient, tol, label);
          // an infeasible sample is +inf whatever its frames hold (sample 2 needs 5 frames)
          expect(r.loss[2], label).toBe(Infinity);
        }
      }
    });

    it('label slots beyond the longest label (cut before the run) change nothing', async () => {
      const short = batchOf([NON_UNIFORM, NON_UNIFORM], [[1, 2], [2]]);
      const wide = { ...short, labels: Int32Array.from([1, 2, 7, -3, 0, 2, 99, 1, 1, 0]), dims: { ...short.dims, L: 5 } };
      const ref = referenceLossAndGradient(short);
      const r = await backend.lossAndGradient(wide);
      expectClose(r.loss, ref.loss, tol, 'loss');
      expectClose(r.gradient, ref.gradient, tol, 'gradient');
    });

    it('-inf logits are legal: probability 0, finite results equal to the reference', async () => {
      const x = [[[0.2, -Infinity, 0.5], [-Infinity, 0.1, 0.3], [0.4, 0.2, -Infinity]]];
      const batch = batchOf(x, [[1, 2]]);
      const direction = Float64Array.from({ length: 9 }, (_, i) => Math.sin(i + 1));
      for (const variant of ['classic', 'simplified'] as const) {
        const ref = referenceHessianVectorProduct(batch, direction, { variant });
        const r = await backend.hessianVectorProduct(batch, direction, { variant });
        expectClose(r.loss, ref.loss, tol, `${variant} loss`);
        expectClose(r.gradient, ref.gradient, tol, `${variant} gradient`);
        expectClose(r.hvp, ref.hvp, tol, `${variant} hvp`);
      }
    });
  });
}
