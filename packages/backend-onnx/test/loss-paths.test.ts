import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLoss, referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { randomBatch, toleranceFor, type CtcBackend, type CtcBatch, type CtcOptions, type FloatArray } from '@seq2seq-losses/spec';
import { createBackend } from '../src/index.js';
import { PROB_PATH_MAX_STATES } from '../src/graph/loss-output.js';
import { expectClose } from './helpers.js';

// The loss model runs in probability space with a per-sample exact log-space fallback for
// B*T*S <= 2^20, in log space above (graph/loss-output.ts); the loss+gradient model in probability
// space at every size, with its own per-sample fallback (graph/prob-gradient.ts). Each case checks
// loss(), and lossAndGradient()'s loss and gradient, against the float64 reference, and the two losses
// bit for bit where both models take the same path (`differs`: the gradient model's sharper trust test
// keeps in probability space a sample that the loss model sends to log space, or the batch is large).

/** Sample 0's logits replaced by spikes `spread` above the rest (token t mod C at frame t): exp(z) leaves the float range. */
function withSpike(batch: CtcBatch, spread: number): CtcBatch {
  const logits = batch.logits.slice();
  const { T, C } = batch.dims;
  for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) logits[t * C + c] = c === (t % C) ? spread : 0;
  return { ...batch, logits };
}

/** Sample 0's label made 1 2 3 4 1 2 ... (no repeats) over all T frames: exactly one alignment. */
function oneAlignment(batch: CtcBatch): CtcBatch {
  const labels = batch.labels.slice();
  for (let u = 0; u < batch.dims.L; u++) labels[u] = (u % 4) + 1;
  return { ...batch, labels };
}

const cases: { name: string; make: (dtype: 'float32' | 'float64') => CtcBatch; options?: CtcOptions; differs?: boolean }[] = [
  {
    name: 'bench-like B=4 T=150 C=28 U=40 (probability space)',
    make: (dtype) => randomBatch({ seed: 7, B: 4, T: 150, C: 28, L: 40, labelLength: [40, 40], dtype }),
  },
  {
    name: 'odd T, mixed lengths, simplified (both halves meet off-centre)',
    make: (dtype) => randomBatch({ seed: 8, B: 6, T: 31, C: 6, L: 9, labelLength: [0, 9], logitLength: [0, 31], scale: 2, dtype }),
    options: { variant: 'simplified' },
  },
  {
    name: 'log-probs input, blank C-1',
    make: (dtype) => randomBatch({ seed: 9, B: 3, T: 20, C: 5, L: 6, blankIndex: -1, scale: 3, dtype }),
    options: { inputs: 'logProbs', blankIndex: -1 },
  },
  {
    name: 'sample 0 spiked (spread 1000: exact fallback), the others in probability space',
    make: (dtype) => withSpike(randomBatch({ seed: 10, B: 3, T: 12, C: 4, L: 3, labelLength: [3, 3], dtype }), 1000),
  },
  {
    name: 'T=600 loss ~630 (loss model: W > 600, exact fallback; gradient model: every frame trusted)',
    make: (dtype) => randomBatch({ seed: 11, B: 1, T: 600, C: 5, L: 150, labelLength: [150, 150], scale: 2, dtype }),
    differs: true,
  },
  {
    name: 'one alignment at T=350 beside a loose sample (its live states far below dead ones)',
    make: (dtype) => oneAlignment(randomBatch({ seed: 13, B: 2, T: 350, C: 5, L: 350, labelLength: [350, 100], dtype })),
  },
  {
    name: `B*T*S above ${PROB_PATH_MAX_STATES} (loss model in log space throughout)`,
    make: (dtype) => randomBatch({ seed: 12, B: 7, T: 380, C: 6, L: 200, labelLength: [190, 200], logitLength: [300, 380], dtype }),
    differs: true,
  },
];

for (const dtype of ['float32', 'float64'] as const) {
  describe(`onnx ${dtype}: loss() on both paths`, () => {
    let backend: CtcBackend;
    beforeAll(async () => {
      backend = await createBackend({ dtype, intraOpNumThreads: 1 });
    });
    afterAll(() => backend.dispose());

    for (const c of cases) {
      it(c.name, async () => {
        const batch = c.make(dtype);
        const loss: FloatArray = await backend.loss(batch, c.options);
        const reference = referenceLoss(batch, c.options);
        const tol = toleranceFor(dtype);
        expectClose(loss, reference, { rtol: tol.rtol / 10, atol: tol.atol / 10 }, 'loss()');
        const { loss: again, gradient } = await backend.lossAndGradient(batch, c.options);
        const ref = referenceLossAndGradient(batch, c.options);
        expectClose(again, reference, { rtol: tol.rtol / 10, atol: tol.atol / 10 }, 'lossAndGradient().loss');
        expectClose(gradient, ref.gradient, tol, 'gradient');
        if (!c.differs) expect(Array.from(loss)).toEqual(Array.from(again));
      });
    }

    it('the spiked sample really leaves the float range (it would be +inf in probability space)', () => {
      const batch = withSpike(randomBatch({ seed: 10, B: 1, T: 12, C: 4, L: 3, labelLength: [3, 3], dtype }), 1000);
      const loss = referenceLoss(batch)[0];
      expect(Number.isFinite(loss) && loss > 745).toBe(true); // exp(-loss) underflows float64
    });
  });
}
