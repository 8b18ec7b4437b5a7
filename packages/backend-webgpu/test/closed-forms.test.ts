import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBatch, type CtcBackend, type CtcBatch } from '@seq2seq-losses/spec';
import { expectClose } from './support/compare.js';
import { createTestBackend } from './support/gpu.js';

// Worked numbers of docs/math.md and closed forms (single alignment, U = 0, T_b = 0, infeasible).
let backend: CtcBackend;
beforeAll(async () => {
  backend = await createTestBackend();
});
afterAll(() => backend.dispose());

const one = (logits: number[], label: number[], Tb: number, C: number): CtcBatch => ({
  logits: Float64Array.from(logits),
  labels: Int32Array.from(label.length ? label : [0]),
  labelLength: Int32Array.from([label.length]),
  logitLength: Int32Array.from([Tb]),
  dims: { B: 1, T: logits.length / C, C, L: Math.max(1, label.length) },
});

describe('webgpu closed forms', () => {
  it('reports the adapter', () => {
    expect(backend.name).toBe('webgpu');
    expect(backend.capabilities.precision).toBe('float32');
    expect(String(backend.info.adapter).length).toBeGreaterThan(0);
  });

  it('worked example: classic and simplified losses, classic gradient of sample 1', async () => {
    const batch = exampleBatch();
    const classic = await backend.lossAndGradient(batch);
    expectClose(classic.loss, [5 * Math.log(3), 4 * Math.log(3) - Math.log(7)], 'classic loss');
    const row = [0.190476, -0.52381, 0.333333];
    const mid = [0.190476, 0.047619, -0.238095];
    expectClose(classic.gradient.slice(15), [...row, ...mid, ...mid, ...row, 0, 0, 0], 'gradient sample 1', { rtol: 0, atol: 2e-6 });
    const simplified = await backend.loss(batch, { variant: 'simplified' });
    expectClose(simplified, [5 * Math.log(3) - Math.log(5), 4 * Math.log(3) - Math.log(4)], 'simplified loss');
  });

  it('logits of 1e10 stay exact', async () => {
    const batch = one([1e10, 0, 0], [1], 1, 3);
    const r = await backend.lossAndGradient(batch);
    expect(Array.from(r.loss)).toEqual([1e10]);
    expect(Array.from(r.gradient)).toEqual([1, -1, 0]);
    const z = await backend.lossAndGradient(batch, { inputs: 'logProbs' });
    expect(Array.from(z.gradient)).toEqual([0, -1, 0]);
  });

  it('single alignment: loss -sum z, gradient p - onehot, logProbs HVP 0, logits HVP the softmax term', async () => {
    // classic "aba" in T_b = 3 frames, C = 3, blank 0, one padded frame holding NaN
    const x = [0.3, -1, 2, 0.1, 0.5, -0.4, 1.2, 0.2, 0, NaN, NaN, NaN];
    const batch = one(x, [1, 2, 1], 3, 3);
    const path = [1, 2, 1];
    const v = Float64Array.from({ length: 12 }, (_, i) => Math.cos(i));
    const r = await backend.hessianVectorProduct(batch, v);
    let loss = 0;
    const grad: number[] = [];
    const hvp: number[] = [];
    for (let t = 0; t < 3; t++) {
      const f = x.slice(3 * t, 3 * t + 3);
      const m = Math.max(...f);
      const lse = m + Math.log(f.reduce((s, a) => s + Math.exp(a - m), 0));
      const p = f.map((a) => Math.exp(a - lse));
      loss -= f[path[t]] - lse;
      grad.push(...p.map((pc, c) => pc - (c === path[t] ? 1 : 0)));
      const pv = p.reduce((s, pc, c) => s + pc * v[3 * t + c], 0);
      hvp.push(...p.map((pc, c) => pc * (v[3 * t + c] - pv)));
    }
    expectClose(r.loss, [loss], 'loss');
    expectClose(r.gradient, [...grad, 0, 0, 0], 'gradient');
    expectClose(r.hvp, [...hvp, 0, 0, 0], 'hvp');
    const lp = await backend.hessianVectorProduct(batch, v, { inputs: 'logProbs' });
    expectClose(lp.hvp, new Float64Array(12), 'logProbs hvp', { rtol: 0, atol: 1e-6 });
  });

  it('edge cases: U = 0, T_b = 0, infeasible, zeroInfinity', async () => {
    const x = [0.5, -0.2, 0.1, 0.3, 0.8, -0.5];
    const empty = await backend.lossAndGradient(one(x, [], 2, 3));
    const z = (f: number[], c: number) => f[c] - Math.log(f.reduce((s, a) => s + Math.exp(a), 0));
    expectClose(empty.loss, [-(z(x.slice(0, 3), 0) + z(x.slice(3), 0))], 'U = 0 loss');
    expect(Array.from(await backend.loss(one(x, [], 0, 3)))).toEqual([0]);
    expect(Array.from(await backend.loss(one(x, [1], 0, 3)))).toEqual([Infinity]);
    const infeasible = await backend.hessianVectorProduct(one(x, [1, 1], 2, 3), Float64Array.from(x));
    expect(Array.from(infeasible.loss)).toEqual([Infinity]);
    expect(Array.from(infeasible.gradient)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(infeasible.hvp)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(await backend.loss(one(x, [1, 1], 2, 3), { zeroInfinity: true }))).toEqual([0]);
  });
});
