import { describe, expect, it } from 'vitest';
import { randomBatch, seededRandom, type CtcBatch, type CtcOptions } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { createBackend } from '../dist/index.js';
import { expectClose } from './support/compare.js';

// The float32-lane frame pass (src/wasm/assembly/frames-f32.ts) runs for float32 logits with a
// float32 gradient (or none) when C > S: exp in float32 for the entries below 1/64 of the frame
// sum (< 4e-9 absolute in p), float64 for the rest and for the lattice's tokens. The float32
// gradient must stay within its final rounding of the float64 reference (half an ulp below 1:
// 2.98e-8, plus the < 2e-9 the frame sum may still miss by) on the frames that stress it; without
// the float64 entries it is 4.8e-8 on the 'comparable winners' case below. HVP calls keep the
// float32 softmax for their rows (hvp-soft32.ts): the float32 HVP within half an ulp plus 1e-8.
const GRADIENT = { rtol: 0, atol: 3.1e-8 };
const HVP = { rtol: 6e-8, atol: 1e-8 };
const LOSS = { rtol: 1.2e-7, atol: 1e-6 };

/** B samples of T frames, C tokens, labels of U tokens; `frame(t, row)` fills each frame's logits. */
function batchOf(B: number, T: number, C: number, U: number, frame: (b: number, t: number, row: Float32Array) => void): CtcBatch {
  const base = randomBatch({ seed: C + U, B, T, C, L: U, labelLength: [U, U], dtype: 'float32' });
  const logits = new Float32Array(B * T * C);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) frame(b, t, logits.subarray((b * T + t) * C, (b * T + t + 1) * C));
  return { ...base, logits };
}

async function againstReference(batch: CtcBatch, options: CtcOptions = {}) {
  const cpu = await createBackend({ threads: 1 });
  try {
    expect(cpu.info.kernels).toBe('wasm-simd');
    const got = await cpu.lossAndGradient(batch, options);
    const loss = await cpu.loss(batch, options);
    const direction = randomBatch({ seed: 9, ...batch.dims, L: 0, dtype: 'float32' }).logits;
    const second = await cpu.hessianVectorProduct(batch, direction, options);
    const ref = referenceHessianVectorProduct(batch, direction, options);
    expectClose(got.gradient, ref.gradient, GRADIENT, 'gradient');
    expectClose(got.loss, ref.loss, LOSS, 'loss (with gradient)');
    expectClose(loss, ref.loss, LOSS, 'loss');
    expectClose(second.gradient, ref.gradient, GRADIENT, 'gradient (with HVP)');
    expectClose(second.hvp, ref.hvp, HVP, 'hvp');
    return { got, ref };
  } finally {
    await cpu.dispose();
  }
}

describe('float32 frame pass (large vocabularies)', () => {
  it('random frames of every spread, C with a tail (C = 1001, 4099)', async () => {
    for (const [C, scale] of [[1001, 0.1], [1001, 3], [4099, 1], [4099, 30]] as const) {
      const batch = randomBatch({ seed: C + scale, B: 3, T: 12, C, L: 6, labelLength: [1, 6], logitLength: [1, 12], scale, dtype: 'float32' });
      await againstReference(batch);
    }
  });

  it('peaked frames: the winner near 1 (trained models), on a label token and off it', async () => {
    const uniform = seededRandom(3);
    const batch = batchOf(2, 20, 600, 5, (b, t, row) => {
      for (let c = 0; c < row.length; c++) row[c] = uniform() * 2;
      row[(b * 7 + t * 13) % row.length] = 25; // p ~ 1 - 1e-8
    });
    await againstReference(batch);
    await againstReference(batch, { variant: 'simplified', blankIndex: -1 });
  });

  it('2 to 5 comparable winners per frame (p from 0.1 to 0.9: the float32 exp alone misses by 4.8e-8)', async () => {
    const uniform = seededRandom(11);
    const batch = batchOf(8, 50, 301, 3, (b, t, row) => {
      for (let c = 0; c < row.length; c++) row[c] = -20 + uniform();
      const f = b * 50 + t;
      for (let j = 0; j < 2 + (f % 4); j++) row[(f * 31 + j * 17) % row.length] = uniform() * 1.5;
    });
    await againstReference(batch);
  });

  it('labels at p ~ 0.2 beside a tail of equal logits (their float32 exp errors add up in Z): float64 sum', async () => {
    const B = 4, T = 40, C = 2000;
    const batch = batchOf(B, T, C, 3, (b, t, row) => {
      row.fill(Math.fround(-Math.log(C - 1) + ((b * T + t) / (B * T) - 0.5) * 1.5));
      row.fill(0, 0, 4); // blank and labels 1..3
    });
    batch.labels.set(Int32Array.from({ length: B * 3 }, (_, i) => 1 + (i % 3)));
    await againstReference(batch); // with the float32 sum: 3.2e-8
  });

  it('entries at the float64 threshold (p ~ 1/64), two-way ties, and 64 equal winners', async () => {
    const batch = batchOf(3, 9, 515, 4, (b, t, row) => {
      row.fill(-30);
      const winners = [64, 63, 65, 2, 1][(b + t) % 5];
      for (let k = 0; k < winners; k++) row[(k * 7 + t) % row.length] = Math.fround(1 + 1e-7 * k);
    });
    await againstReference(batch);
  });

  it('entries near float32 exp underflow (x - max in [-90, -85]), -inf entries and a 1e10 spread', async () => {
    const uniform = seededRandom(9);
    const batch = batchOf(2, 10, 700, 5, (b, t, row) => {
      for (let c = 0; c < row.length; c++) row[c] = -85 - uniform() * 5;
      row[t % row.length] = 0;
      row[(t + 3) % row.length] = -Infinity;
      if (b === 1) row[(t + 5) % row.length] = -1e10;
    });
    await againstReference(batch);
  });

  it('a non-finite direction (inf on a label token, NaN elsewhere) gives the non-finite entries of the JavaScript loops', async () => {
    const batch = randomBatch({ seed: 6, B: 3, T: 9, C: 300, L: 3, labelLength: [3, 3], dtype: 'float32' });
    const direction = randomBatch({ seed: 7, ...batch.dims, L: 0, dtype: 'float32' }).logits as Float32Array;
    const { T, C, L } = batch.dims;
    direction[4 * C + batch.labels[0]] = Infinity; // sample 0: on a lattice token (E[V'] becomes non-finite)
    direction[(T + 2) * C + 5] = NaN; // sample 1: off the tokens (unless token 5 is one)
    direction[(2 * T + 3) * C + batch.labels[2 * L + 1]] = -Infinity; // sample 2
    const cpu = await createBackend({ threads: 1 });
    const js = await createBackend({ threads: 1, kernels: 'js' });
    try {
      const a = await cpu.hessianVectorProduct(batch, direction);
      const b = await js.hessianVectorProduct(batch, direction);
      let nonFinite = 0;
      for (let i = 0; i < a.hvp.length; i++) {
        expect(Number.isFinite(a.hvp[i]), `hvp[${i}]: ${a.hvp[i]} against ${b.hvp[i]}`).toBe(Number.isFinite(b.hvp[i]));
        if (!Number.isFinite(b.hvp[i])) nonFinite++;
        else expect(Math.abs(a.hvp[i] - b.hvp[i])).toBeLessThan(1e-6);
      }
      expect(nonFinite).toBeGreaterThan(C); // whole rows went non-finite
      expectClose(a.gradient, b.gradient, GRADIENT, 'gradient');
    } finally {
      await Promise.all([cpu.dispose(), js.dispose()]);
    }
  });

  it('a NaN logit makes the sample NaN, as the JavaScript loops do', async () => {
    const batch = randomBatch({ seed: 4, B: 2, T: 6, C: 400, L: 3, labelLength: [3, 3], dtype: 'float32' });
    batch.logits[5 * 400 + 17] = NaN; // sample 0, frame 5
    const cpu = await createBackend({ threads: 1 });
    const js = await createBackend({ threads: 1, kernels: 'js' });
    try {
      const a = await cpu.lossAndGradient(batch);
      const b = await js.lossAndGradient(batch);
      expect(Number.isNaN(a.loss[0])).toBe(true);
      expect(Number.isNaN(b.loss[0])).toBe(true);
      expect(a.loss[1]).toBeCloseTo(b.loss[1], 4);
      expect(Number.isNaN(a.gradient[0])).toBe(true);
    } finally {
      await Promise.all([cpu.dispose(), js.dispose()]);
    }
  });
});
