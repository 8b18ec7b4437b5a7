import { expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs example without type declarations
import { trainSynthetic } from '../../../examples/tfjs-node-training/train-synthetic.mjs';

// The quick version of the repository's examples/tfjs-node-training/train-synthetic.mjs (the full
// run uses 300 steps), run against the workspace's packages.
it('a per-frame MLP trained with the CTC loss learns to transcribe synthetic sequences', async () => {
  const r = (await trainSynthetic({ steps: 60, seed: 2 })) as { initialLoss: number; finalLoss: number; accuracy: number; cer: number; beamCer: number };
  expect(r.finalLoss).toBeLessThan(0.05 * r.initialLoss);
  expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
  // an untrained model's character error rate is about 1; decoding with @seq2seq-losses/decode
  expect(r.cer).toBeLessThan(0.05);
  expect(r.beamCer).toBeLessThanOrEqual(r.cer + 0.02);
});
