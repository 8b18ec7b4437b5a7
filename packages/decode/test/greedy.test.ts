import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode } from '../src/index.js';

// Logits [B=1, T=6, C=3] whose argmax path is 1 1 0 2 2 1 (log-probs given directly).
const path = [1, 1, 0, 2, 2, 1];
const logProbs = Float64Array.from(path.flatMap((k) => [0, 1, 2].map((c) => Math.log(c === k ? 0.8 : 0.1))));
const input = { logits: logProbs, logitLength: Int32Array.of(6), dims: { B: 1, T: 6, C: 3 } };

describe('ctcGreedyDecode', () => {
  it('collapses the argmax path by the variant', () => {
    const classic = ctcGreedyDecode(input, { inputs: 'logProbs' });
    expect(Array.from(classic.labels[0])).toEqual([1, 2, 1]);
    expect(classic.logScore[0]).toBeCloseTo(6 * Math.log(0.8), 12);
    const simplified = ctcGreedyDecode(input, { inputs: 'logProbs', variant: 'simplified' });
    expect(Array.from(simplified.labels[0])).toEqual([1, 1, 2, 2, 1]);
  });

  it('counts a negative blank index from the end, and stops at logitLength', () => {
    const r = ctcGreedyDecode({ ...input, logitLength: Int32Array.of(4) }, { inputs: 'logProbs', blankIndex: -1 });
    expect(Array.from(r.labels[0])).toEqual([1, 0]); // path 1 1 0 2 with blank 2
    expect(r.logScore[0]).toBeCloseTo(4 * Math.log(0.8), 12);
  });

  it('reads [T, B, C] with timeMajor and gives the same result as [B, T, C]', () => {
    const B = 2, T = 3, C = 4;
    const batchMajor = Float64Array.from({ length: B * T * C }, (_, i) => Math.sin(i * 1.7));
    const timeMajor = new Float64Array(B * T * C);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) timeMajor[(t * B + b) * C + c] = batchMajor[(b * T + t) * C + c];
    const lengths = Int32Array.of(3, 2);
    const a = ctcGreedyDecode({ logits: batchMajor, logitLength: lengths, dims: { B, T, C } });
    const b = ctcGreedyDecode({ logits: timeMajor, logitLength: lengths, dims: { B, T, C } }, { timeMajor: true });
    expect(b).toEqual(a);
  });

  it('breaks argmax ties toward the lowest token id; T_b = 0 gives an empty label with logScore 0', () => {
    const r = ctcGreedyDecode({ logits: new Float64Array(2 * 3), logitLength: Int32Array.of(2), dims: { B: 1, T: 2, C: 3 } }, { blankIndex: 1 });
    expect(Array.from(r.labels[0])).toEqual([0]); // path 0 0, merged
    expect(r.logScore[0]).toBeCloseTo(-2 * Math.log(3), 14);
    const empty = ctcGreedyDecode({ logits: new Float64Array(3), logitLength: Int32Array.of(0), dims: { B: 1, T: 1, C: 3 } });
    expect(Array.from(empty.labels[0])).toEqual([]);
    expect(empty.logScore[0]).toBe(0);
  });

  it('stays exact for huge logits', () => {
    const r = ctcGreedyDecode({ logits: Float64Array.of(0, 1e10, 0), logitLength: Int32Array.of(1), dims: { B: 1, T: 1, C: 3 } });
    expect(Array.from(r.labels[0])).toEqual([1]);
    expect(r.logScore[0]).toBe(0);
  });
});
