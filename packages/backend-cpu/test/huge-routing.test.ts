import { describe, expect, it } from 'vitest';
import { randomBatch, validateCtcCall, type CtcBatch, type CtcOptions } from '@seq2seq-losses/spec';
import { referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { allocateOutputs, threadWorkspace } from '../dist/run-samples.js';
import { SamplePath, solveSample } from '../dist/sample.js';
import { expectClose } from './support/compare.js';

// Which samples go to reference-cpu's exact path (huge-fallback.ts): a loss of 1000 or more and a
// log-probability of magnitude >= 2^10 on a live lattice state. The O(Tb S) search for one runs only
// where the forward pass saw an emission vanish (or, in 'logProbs' mode, a frame's max says one may
// hide): long ordinary samples, whose loss passes 1000, stay on the probability path.

const PATH_NAMES = Object.fromEntries(Object.entries(SamplePath).map(([k, v]) => [v, k]));

/**
 * The path sample 0 takes (the same on the WebAssembly kernels and the JavaScript loops), each
 * run's loss and gradient checked against the reference.
 */
function pathOfFirst(batch: CtcBatch, options: CtcOptions = {}): string {
  const opts = validateCtcCall('test', batch, options);
  const ref = referenceLossAndGradient(batch, options);
  const { T, C } = batch.dims;
  const paths = (['wasm-simd', 'js'] as const).map((kernels) => {
    const out = allocateOutputs('gradient', batch.dims, (n) => new Float64Array(n), null);
    const path = PATH_NAMES[solveSample(threadWorkspace(kernels), batch, 0, opts, out)];
    expectClose(out.loss.subarray(0, 1), ref.loss.subarray(0, 1), { rtol: 1e-9, atol: 1e-9 }, `${kernels} loss`);
    expectClose(out.gradient!.subarray(0, T * C), ref.gradient.subarray(0, T * C), { rtol: 1e-9, atol: 1e-9 }, `${kernels} gradient`);
    return path;
  });
  expect(paths[0], 'the kernels and the JavaScript loops take one path').toBe(paths[1]);
  return paths[0];
}

function longSample(inputs: 'logits' | 'logProbs'): CtcBatch<Float64Array> {
  const batch = randomBatch({ seed: 5, B: 1, T: 400, C: 12, L: 20, labelLength: [20, 20], scale: 2 }) as CtcBatch<Float64Array>;
  if (inputs === 'logProbs') {
    const { T, C } = batch.dims;
    for (let t = 0; t < T; t++) {
      const row = batch.logits.subarray(t * C, (t + 1) * C);
      const m = Math.max(...row);
      const z = Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) + m;
      for (let c = 0; c < C; c++) row[c] -= z;
    }
  }
  return batch;
}

describe('routing to the exact path for huge log-probabilities', () => {
  it('a long ordinary sample (loss > 1000) stays on the probability path', () => {
    for (const inputs of ['logits', 'logProbs'] as const) {
      const batch = longSample(inputs);
      const ref = referenceLossAndGradient(batch, { inputs });
      expect(ref.loss[0]).toBeGreaterThan(1000);
      expect(pathOfFirst(batch, { inputs })).toBe('Probability');
    }
  });

  it('-1e30 on a label token at every frame (every alignment pays it): exact path', () => {
    for (const inputs of ['logits', 'logProbs'] as const) {
      const batch = longSample(inputs);
      const { T, C } = batch.dims;
      for (let t = 0; t < T; t++) batch.logits[t * C + batch.labels[3]] = -1e30;
      expect(pathOfFirst(batch, { inputs })).toBe('Exact');
    }
  });

  it('-1e30 on a label token at one frame (alignments avoid it; the forward pass flags its A = 0): exact path', () => {
    for (const inputs of ['logits', 'logProbs'] as const) {
      const batch = longSample(inputs);
      const { C } = batch.dims;
      batch.logits[9 * C + batch.labels[1]] = -1e30;
      expect(pathOfFirst(batch, { inputs })).toBe('Exact');
    }
  });

  it("'logProbs': -1100 on a label token beside a frame max of -500 (no underflow there): exact path", () => {
    const batch = longSample('logProbs');
    const { C } = batch.dims;
    for (let c = 0; c < C; c++) batch.logits[7 * C + c] -= 500; // frame 7: max near -500
    batch.logits[7 * C + batch.labels[2]] = -1100;
    expect(pathOfFirst(batch, { inputs: 'logProbs' })).toBe('Exact');
  });
});
