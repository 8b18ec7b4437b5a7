import { describe, expect, it } from 'vitest';
import { exampleBatch } from '@seq2seq-losses/spec';
import { referenceHessian, referenceLoss, referenceLossAndGradient } from '../src/index.js';
import { singleSample } from './support/batches.js';

// The worked numbers of docs/math.md.
const ln = Math.log;

describe('docs/math.md example batch (all-zero logits [2,5,3])', () => {
  it('classic loss = [5 ln 3, 4 ln 3 - ln 7]', () => {
    const loss = referenceLoss(exampleBatch());
    expect(loss[0]).toBeCloseTo(5 * ln(3), 14);
    expect(loss[1]).toBeCloseTo(4 * ln(3) - ln(7), 14);
  });

  it('simplified loss = [5 ln 3 - ln 5, 4 ln 3 - ln 4]', () => {
    const loss = referenceLoss(exampleBatch(), { variant: 'simplified' });
    expect(loss[0]).toBeCloseTo(5 * ln(3) - ln(5), 14);
    expect(loss[1]).toBeCloseTo(4 * ln(3) - ln(4), 14);
  });

  it('classic sample 1 gradient rows', () => {
    const { gradient } = referenceLossAndGradient(exampleBatch());
    const rows = [
      [4 / 21, -11 / 21, 1 / 3], // 0.190476, -0.523810, 0.333333
      [4 / 21, 1 / 21, -5 / 21], // 0.190476, 0.047619, -0.238095
      [4 / 21, 1 / 21, -5 / 21],
      [4 / 21, -11 / 21, 1 / 3],
      [0, 0, 0], // padded frame
    ];
    rows.flat().forEach((g, i) => expect(gradient[15 + i]).toBeCloseTo(g, 14));
  });

  it('sample 0 has one alignment: log-prob Hessian 0, logits Hessian blockdiag(diag p - p p^T)', () => {
    const T = 5;
    const C = 3;
    const zHessian = referenceHessian(exampleBatch(), { inputs: 'logProbs' }).hessian;
    const xHessian = referenceHessian(exampleBatch()).hessian;
    for (let i = 0; i < T * C; i++) {
      for (let j = 0; j < T * C; j++) {
        expect(Math.abs(zHessian[i * T * C + j])).toBeLessThan(1e-15);
        const sameFrame = Math.floor(i / C) === Math.floor(j / C);
        const expected = sameFrame ? (i === j ? 1 / 3 : 0) - 1 / 9 : 0;
        expect(xHessian[i * T * C + j]).toBeCloseTo(expected, 15);
      }
    }
  });
});

describe('docs/math.md non-uniform logits (T=4, C=3)', () => {
  const logits = [
    [0.5, -0.2, 0.1],
    [0.3, 0.8, -0.5],
    [-0.1, 0.2, 0.4],
    [0.0, -0.3, 0.6],
  ];
  const cases = [
    { name: 'classic, blank 0, label [1,2]', label: [1, 2], options: {}, loss: 1.193921 },
    { name: 'simplified, blank 0, label [1,2]', label: [1, 2], options: { variant: 'simplified' as const }, loss: 2.24522 },
    { name: 'classic, blank 2, label [0,1]', label: [0, 1], options: { blankIndex: 2 }, loss: 1.467758 },
    { name: 'classic, blank 0, label [1,1]', label: [1, 1], options: {}, loss: 3.347848 },
  ];
  for (const c of cases) {
    it(`${c.name}: loss ${c.loss}`, () => {
      expect(referenceLoss(singleSample(logits, c.label), c.options)[0]).toBeCloseTo(c.loss, 6);
    });
  }
});
