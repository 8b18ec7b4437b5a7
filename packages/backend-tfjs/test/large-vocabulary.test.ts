import { referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { randomBatch, type CtcBatch } from '@seq2seq-losses/spec';
import { expect, it } from 'vitest';
import { createBackend } from '../src/index.js';
import { expectClose } from './helpers/tfjs.js';

/** Sample b of a batch as a batch of one (copies). */
function sampleOf(batch: CtcBatch, b: number): CtcBatch {
  const { T, C, L } = batch.dims;
  return {
    logits: batch.logits.slice(b * T * C, (b + 1) * T * C),
    labels: batch.labels.slice(b * L, (b + 1) * L),
    labelLength: batch.labelLength.slice(b, b + 1),
    logitLength: batch.logitLength.slice(b, b + 1),
    dims: { B: 1, T, C, L },
  };
}

// The warpctc-c5000 benchmark case, B = 32, T = 150, C = 5000 (B T C = 24M; its gradient holds
// more than 2^24 distinct values): the adapter once
// returned host arrays from tf.tidy, whose container walk took minutes and then threw
// "Set maximum size exceeded". tfjs-cpu only: the adapter code is the same for wasm, whose heap
// would keep ~1 GB for the rest of this test worker.
it('tfjs-cpu: loss and gradient at C = 5000, B T C > 2^24', async () => {
  const batch = randomBatch({ seed: 4, B: 32, T: 150, C: 5000, L: 20, labelLength: [20, 20], dtype: 'float32' });
  const backend = await createBackend({ tfjsBackend: 'cpu' });
  const got = await backend.lossAndGradient(batch);
  const { B, T, C } = batch.dims;
  expect(got.gradient.length).toBe(B * T * C);
  for (const b of [0, B - 1]) {
    const ref = referenceLossAndGradient(sampleOf(batch, b));
    expectClose([got.loss[b]], ref.loss, `loss of sample ${b}`);
    expectClose(got.gradient.subarray(b * T * C, (b + 1) * T * C), ref.gradient, `gradient of sample ${b}`);
  }
  await backend.dispose();
});
