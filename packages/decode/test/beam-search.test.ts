import { describe, expect, it } from 'vitest';
import { ctcBeamSearch, type CtcScorer } from '../src/index.js';

const zeros = (T: number, C: number) => ({ logits: new Float64Array(T * C), logitLength: Int32Array.of(T), dims: { B: 1, T, C } });

describe('ctcBeamSearch', () => {
  it('ranks exact ties by token id, a prefix before its extensions', () => {
    // T = 1, C = 3, uniform: [], [1], [2] each have probability 1/3.
    const r = ctcBeamSearch(zeros(1, 3), { beamWidth: 3, topPaths: 3 });
    expect(r.paths[0].map((p) => Array.from(p.labels))).toEqual([[], [1], [2]]);
    for (const p of r.paths[0]) expect(p.logProb).toBeCloseTo(-Math.log(3), 14);
  });

  it('classic: uniform T = 2, C = 2 sums alignments (a = 3/4 from a_, _a, aa; empty = 1/4)', () => {
    const r = ctcBeamSearch(zeros(2, 2), { beamWidth: 4, topPaths: 3 });
    expect(r.paths[0].map((p) => Array.from(p.labels))).toEqual([[1], []]);
    expect(r.paths[0][0].logProb).toBeCloseTo(Math.log(3 / 4), 14);
    expect(r.paths[0][1].logProb).toBeCloseTo(Math.log(1 / 4), 14);
  });

  it('simplified: uniform T = 2, C = 2 keeps repeats apart (a = 1/2, aa = 1/4, empty = 1/4)', () => {
    const r = ctcBeamSearch(zeros(2, 2), { beamWidth: 4, topPaths: 3, variant: 'simplified' });
    expect(r.paths[0].map((p) => Array.from(p.labels))).toEqual([[1], [], [1, 1]]);
    expect(r.paths[0].map((p) => p.logProb)).toEqual([Math.log(1 / 2), Math.log(1 / 4), Math.log(1 / 4)].map((v) => expect.closeTo(v, 14)));
  });

  it('calls the scorer once per (prefix, token) and adds its scores and finish', () => {
    let calls = 0;
    const hotword: CtcScorer<number> = {
      initialState: () => 0,
      extend: (n, token) => {
        calls++;
        return { state: n + 1, logScore: token === 2 ? 5 : 0 };
      },
      finish: (n) => -n,
    };
    const r = ctcBeamSearch(zeros(1, 3), { beamWidth: 3, topPaths: 3, scorer: hotword });
    expect(r.paths[0].map((p) => Array.from(p.labels))).toEqual([[2], [], [1]]);
    expect(r.paths[0][0].logProb).toBeCloseTo(-Math.log(3) + 5 - 1, 14);
    expect(r.paths[0][2].logProb).toBeCloseTo(-Math.log(3) - 1, 14);
    expect(calls).toBe(2);
  });

  it('tokensPerFrame and tokenMinLogProb limit the tokens that extend prefixes', () => {
    // One frame, p = [0.5, 0.3, 0.2]: only token 1 may extend with either cut.
    const input = { logits: Float64Array.from([0.5, 0.3, 0.2], Math.log), logitLength: Int32Array.of(1), dims: { B: 1, T: 1, C: 3 } };
    const byK = ctcBeamSearch(input, { beamWidth: 3, topPaths: 2, tokensPerFrame: 1 });
    const byP = ctcBeamSearch(input, { beamWidth: 3, topPaths: 2, tokenMinLogProb: Math.log(0.25) });
    for (const r of [byK, byP]) expect(r.paths[0].map((p) => Array.from(p.labels))).toEqual([[], [1]]);
  });

  it('the early stop over frame tokens (2W most probable, no scorer) changes nothing', () => {
    // A scorer that adds 0 turns the stop off (every token of every frame is scored): same paths.
    const B = 3, T = 30, C = 25;
    let seed = 7;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const input = { logits: Float64Array.from({ length: B * T * C }, () => 4 * uniform()), logitLength: Int32Array.of(30, 17, 1), dims: { B, T, C } };
    const neutral: CtcScorer<null> = { initialState: () => null, extend: (state) => ({ state, logScore: 0 }) };
    for (const variant of ['classic', 'simplified'] as const) {
      for (const beamWidth of [1, 3, 8]) {
        const fast = ctcBeamSearch(input, { beamWidth, topPaths: beamWidth, variant });
        const full = ctcBeamSearch(input, { beamWidth, topPaths: beamWidth, variant, scorer: neutral });
        expect(fast.paths.map((p) => p.map((q) => [Array.from(q.labels), q.logProb]))).toEqual(full.paths.map((p) => p.map((q) => [Array.from(q.labels), q.logProb])));
      }
    }
  });

  it('rejects a missing beamWidth and topPaths > beamWidth with typed errors', () => {
    expect(() => ctcBeamSearch(zeros(1, 3), undefined as never)).toThrow(/options.beamWidth.*got undefined \[INVALID_OPTION\]/);
    expect(() => ctcBeamSearch(zeros(1, 3), { beamWidth: 2, topPaths: 3 })).toThrow(/options.topPaths.*\[1, 2\], got 3 \[INVALID_OPTION\]/);
  });
});
