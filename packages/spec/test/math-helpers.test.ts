import { describe, expect, it } from 'vitest';
import {
  compareArrays, countRepeats, isFeasible, minimumFrames, randomBatch, seededRandom, toleranceFor, withinTolerance,
} from '../src/index.js';

describe('feasibility', () => {
  it('counts repeats within the label only', () => {
    expect(countRepeats([9, 1, 1, 2, 2, 2, 9], 1, 5)).toBe(3);
    expect(minimumFrames('classic', [1, 1, 2], 0, 3)).toBe(4);
    expect(minimumFrames('simplified', [1, 1, 2], 0, 3)).toBe(3);
    expect(isFeasible('classic', 3, [1, 1, 2], 0, 3)).toBe(false);
    expect(isFeasible('classic', 4, [1, 1, 2], 0, 3)).toBe(true);
    expect(isFeasible('classic', 0, [], 0, 0)).toBe(true);
  });
});

describe('deviation', () => {
  it('withinTolerance matches non-finite kinds exactly', () => {
    const tol = toleranceFor('float64');
    expect(withinTolerance(1 + 1e-10, 1, tol)).toBe(true);
    expect(withinTolerance(1 + 1e-8, 1, tol)).toBe(false);
    expect(withinTolerance(Infinity, Infinity, tol)).toBe(true);
    expect(withinTolerance(NaN, NaN, tol)).toBe(true);
    expect(withinTolerance(1e300, Infinity, tol)).toBe(false);
  });

  it('compareArrays reports the worst element and the failure count', () => {
    const d = compareArrays([0, 1.5, 2, NaN], [0, 1, 2.001, NaN], toleranceFor('float32'));
    expect(d).toEqual({ maxAbs: 0.5, worstIndex: 1, failures: 2, length: 4 });
    expect(compareArrays([1], [1, 2], toleranceFor('float64')).failures).toBe(2);
  });
});

describe('random', () => {
  it('is reproducible and never puts the blank in a label', () => {
    expect(Array.from({ length: 3 }, seededRandom(7))).toEqual(Array.from({ length: 3 }, seededRandom(7)));
    const a = randomBatch({ seed: 3, B: 4, T: 6, C: 4, L: 5, blankIndex: -2, labelLength: [2, 5], logitLength: [3, 6] });
    const b = randomBatch({ seed: 3, B: 4, T: 6, C: 4, L: 5, blankIndex: -2, labelLength: [2, 5], logitLength: [3, 6] });
    expect(Array.from(a.logits)).toEqual(Array.from(b.logits));
    expect(a.labels.every((k) => k !== 2 && k >= 0 && k < 4)).toBe(true);
    expect(a.labelLength.every((u) => u >= 2 && u <= 5) && a.logitLength.every((t) => t >= 3 && t <= 6)).toBe(true);
  });
});
