import { afterAll, describe, expect, it } from 'vitest';
import { describeCtcDecoder } from '@seq2seq-losses/conformance';
import type { WebGpuForcedAligner } from '../src/index.js';
import { createTestAligner } from './support/gpu.js';

let aligner: WebGpuForcedAligner | undefined;
afterAll(() => aligner?.dispose());

// The shared decode laws (best path by enumeration, occupancy argmax of reference-cpu on sharp
// posteriors, padding, NaN frames, typed errors) and the decode golden vectors, float32 tolerance.
describeCtcDecoder('webgpu forced alignment', async () => {
  aligner ??= await createTestAligner();
  const a = aligner;
  return { precision: 'float32', forcedAlign: (input, options) => a.align(input, options) };
});

describe('webgpu forced alignment', () => {
  it("finds math.md's single classic alignment 1 2 _ 2 1 and its spans", async () => {
    aligner ??= await createTestAligner();
    const r = await aligner.align({
      logits: new Float32Array(2 * 5 * 3),
      labels: Int32Array.from([1, 2, 2, 1, 1, 2, 1, 0]),
      labelLength: Int32Array.from([4, 3]),
      logitLength: Int32Array.from([5, 4]),
      dims: { B: 2, T: 5, C: 3, L: 4 },
    });
    expect(Array.from(r.alignments[0])).toEqual([1, 2, 0, 2, 1]);
    expect(r.logScore[0]).toBeCloseTo(-5 * Math.log(3), 5);
    expect(r.logScore[1]).toBeCloseTo(-4 * Math.log(3), 5);
    expect(r.spans[0].map((s) => [s.token, s.start, s.end])).toEqual([[1, 0, 1], [2, 1, 2], [2, 3, 4], [1, 4, 5]]);
    for (const s of r.spans[0]) expect(s.score).toBeCloseTo(1 / 3, 6);
  });

  it('long audio: T = 3000, U = 300 agrees with the path the logits were peaked on', async () => {
    aligner ??= await createTestAligner();
    const T = 3000, C = 8, U = 300;
    const label = Int32Array.from({ length: U }, (_, u) => 1 + ((u * 5) % (C - 1)));
    const path = new Int32Array(T); // each token for 5 frames, then 5 blanks
    for (let u = 0; u < U; u++) path.fill(label[u], 10 * u, 10 * u + 5);
    const logits = new Float32Array(T * C).map((_, i) => Math.sin(i) * 0.5);
    for (let t = 0; t < T; t++) logits[t * C + path[t]] += 6;
    const r = await aligner.align({ logits, labels: label, labelLength: Int32Array.of(U), logitLength: Int32Array.of(T), dims: { B: 1, T, C, L: U } });
    expect(Array.from(r.alignments[0])).toEqual(Array.from(path));
    expect(r.spans[0]).toHaveLength(U);
  });

  it('rejects calls after dispose (which destroys its device), and dispose twice is harmless', async () => {
    const own = await createTestAligner();
    await own.dispose();
    await own.dispose();
    const input = { logits: new Float32Array(3), labels: Int32Array.of(1), labelLength: Int32Array.of(1), logitLength: Int32Array.of(1), dims: { B: 1, T: 1, C: 3, L: 1 } };
    await expect(own.align(input)).rejects.toThrow(/disposed/);
  });
});
