import { describe, expect, it } from 'vitest';
import { logSoftmaxFrame, maxAbsDeviation } from '@seq2seq-losses/spec';
import { referenceHessian } from '../src/index.js';
import { singleSample } from './support/batches.js';

// One-to-one alignments: exactly one path pi, so loss = -sum_t z[t, pi_t], gradient = softmax - onehot,
// Cov(n) = 0: logits Hessian = blockdiag_t(diag p_t - p_t p_t^T), log-prob Hessian = 0.
const logits = [
  [0.3, -1.2, 2.0, 0.1],
  [1.5, 0.2, -0.7, 0.4],
  [-0.3, 0.9, 0.0, 1.1],
];
const cases = [
  { name: 'classic label "aba" with T = 3', label: [1, 2, 1], path: [1, 2, 1], options: { variant: 'classic' as const } },
  { name: 'classic "aa" needs a blank: T = 3 -> a _ a', label: [2, 2], path: [2, 0, 2], options: { variant: 'classic' as const } },
  { name: 'simplified label "aab" with T = 3', label: [3, 3, 1], path: [3, 3, 1], options: { variant: 'simplified' as const } },
  { name: 'classic, blank 3, label "012"', label: [0, 1, 2], path: [0, 1, 2], options: { variant: 'classic' as const, blankIndex: 3 } },
];

describe('closed forms for single-alignment samples', () => {
  for (const c of cases) {
    it(c.name, () => {
      const T = 3;
      const C = 4;
      const batch = singleSample(logits, c.label);
      const z = new Float64Array(T * C);
      for (let t = 0; t < T; t++) logSoftmaxFrame(batch.logits, t * C, C, z, t * C);
      const p = z.map(Math.exp);

      const x = referenceHessian(batch, c.options);
      expect(x.loss[0]).toBeCloseTo(-c.path.reduce((s, k, t) => s + z[t * C + k], 0), 14);
      const onehot = new Float64Array(T * C);
      c.path.forEach((k, t) => (onehot[t * C + k] = 1));
      expect(maxAbsDeviation(x.gradient, p.map((v, i) => v - onehot[i]))).toBeLessThan(1e-15);
      const block = new Float64Array(T * C * T * C);
      for (let t = 0; t < T; t++) for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) {
        block[(t * C + a) * T * C + t * C + b] = (a === b ? p[t * C + a] : 0) - p[t * C + a] * p[t * C + b];
      }
      expect(maxAbsDeviation(x.hessian, block)).toBeLessThan(1e-15);

      const lp = referenceHessian(batch, { ...c.options, inputs: 'logProbs' });
      expect(maxAbsDeviation(lp.gradient, onehot.map((v) => -v))).toBeLessThan(1e-15);
      expect(maxAbsDeviation(lp.hessian, new Float64Array(lp.hessian.length))).toBeLessThan(1e-15);
    });
  }
});
