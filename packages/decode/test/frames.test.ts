import { describe, expect, it } from 'vitest';
import { ctcBeamSearch, ctcForcedAlign } from '../src/index.js';
import { frameLogSum } from '../src/frame-log-sum.js';

// The decoders read log-softmax as (x - m) - log sum exp(x - m): adding any constant to a frame
// changes nothing, at any magnitude (x - (m + log s) would round m + log s away at 1e16).
describe('frame log-softmax', () => {
  const x = Float64Array.of(0.3, -1.2, 0.8, 0.1, 0.5, -0.4, 1.1, 0.2, -0.7, 0.9, 0.0, -0.3); // [T=4, C=3]
  const shifted = (K: number) => Float64Array.from(x, (v, i) => (i >= 3 && i < 6 ? v + K : v)); // frame 1 + K

  it('frameLogSum: max and log sum exp(x - max); null for NaN, +inf or all -inf frames', () => {
    const f = frameLogSum(x, 0, 3)!;
    expect(f.max).toBe(0.8);
    expect(f.logSum).toBeCloseTo(Math.log(Math.exp(-0.5) + Math.exp(-2) + 1), 15);
    expect(frameLogSum(Float64Array.of(0, NaN), 0, 2)).toBeNull();
    expect(frameLogSum(Float64Array.of(0, Infinity), 0, 2)).toBeNull();
    expect(frameLogSum(Float64Array.of(-Infinity, -Infinity), 0, 2)).toBeNull();
  });

  it('forced alignment and beam search are shift-invariant per frame up to 1e30', () => {
    const input = (logits: Float64Array) => ({ logits, logitLength: Int32Array.of(4), labels: Int32Array.of(1, 2), labelLength: Int32Array.of(2), dims: { B: 1, T: 4, C: 3, L: 2 } });
    for (const K of [1e4, 1e16, 1e30]) {
      // x + K rounds the frame's values (at 1e16 they all become 1e16): compare with that frame minus K
      const y = shifted(K);
      const back = Float64Array.from(y, (v, i) => (i >= 3 && i < 6 ? v - K : v));
      const base = ctcForcedAlign(input(back));
      const beam = ctcBeamSearch(input(back), { beamWidth: 8 }).paths[0][0];
      const got = ctcForcedAlign(input(y));
      expect(got.logScore[0]).toBeCloseTo(base.logScore[0], 12);
      expect(Array.from(got.alignments[0])).toEqual(Array.from(base.alignments[0]));
      const top = ctcBeamSearch(input(y), { beamWidth: 8 }).paths[0][0];
      expect(Array.from(top.labels)).toEqual(Array.from(beam.labels));
      expect(top.logProb).toBeCloseTo(beam.logProb, 12);
    }
  });
});
