import { describe, expect, it } from 'vitest';
import { ctcForcedAlign } from '../src/index.js';

// math.md's worked example: logits all zero [2, 5, 3], labels [[1,2,2,1],[1,2,1,0]], lengths [5,4] / [4,3].
const batch = {
  logits: new Float64Array(2 * 5 * 3),
  labels: Int32Array.from([1, 2, 2, 1, 1, 2, 1, 0]),
  labelLength: Int32Array.from([4, 3]),
  logitLength: Int32Array.from([5, 4]),
  dims: { B: 2, T: 5, C: 3, L: 4 },
};

describe('ctcForcedAlign', () => {
  it('finds the single classic alignment 1 2 _ 2 1 with its spans', () => {
    const r = ctcForcedAlign(batch);
    expect(Array.from(r.alignments[0])).toEqual([1, 2, 0, 2, 1]);
    expect(r.logScore[0]).toBeCloseTo(-5 * Math.log(3), 14);
    expect(r.spans[0]).toEqual([0, 1, 3, 4].map((start, u) => ({ token: [1, 2, 2, 1][u], start, end: start + 1, score: expect.closeTo(1 / 3, 14) })));
    expect(r.logScore[1]).toBeCloseTo(-4 * Math.log(3), 14);
  });

  it('spans cover repeated frames and average the frame posterior', () => {
    // T = 4, C = 2, label [1]: frames strongly favour 1 at t = 1, 2.
    const p = [[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.7, 0.3]];
    const r = ctcForcedAlign(
      { logits: Float64Array.from(p.flat(), Math.log), labels: Int32Array.of(1), labelLength: Int32Array.of(1), logitLength: Int32Array.of(4), dims: { B: 1, T: 4, C: 2, L: 1 } },
      { inputs: 'logProbs' },
    );
    expect(Array.from(r.alignments[0])).toEqual([0, 1, 1, 0]);
    expect(r.logScore[0]).toBeCloseTo(Math.log(0.9 * 0.8 * 0.6 * 0.7), 14);
    expect(r.spans[0]).toEqual([{ token: 1, start: 1, end: 3, score: expect.closeTo(0.7, 14) }]);
  });

  it('an infeasible sample scores -Infinity, aligns to -1 and has no spans', () => {
    const r = ctcForcedAlign({ ...batch, logitLength: Int32Array.from([4, 2]) });
    expect(r.logScore[0]).toBe(-Infinity); // needs 5 frames (U + R)
    expect(Array.from(r.alignments[0])).toEqual([-1, -1, -1, -1]);
    expect(r.spans[0]).toEqual([]);
    const simplified = ctcForcedAlign({ ...batch, logitLength: Int32Array.from([4, 2]) }, { variant: 'simplified' });
    expect(Array.from(simplified.alignments[0])).toEqual([1, 2, 2, 1]); // U frames suffice
  });
});
