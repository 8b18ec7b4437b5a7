import * as tf from '@tensorflow/tfjs-core';
import { ctcBeamSearch, ctcForcedAlign, ctcGreedyDecode } from '@seq2seq-losses/decode';
import { createBackend as createTfjs, ctcGreedyDecode as tfjsGreedy } from '@seq2seq-losses/backend-tfjs';

/**
 * Each implementation: start() -> { run(case, inputs) -> Promise<unknown>, dispose() }, or throws
 * when it cannot start here. run() returns only when the results are on the host.
 * @typedef {{ logits: Float32Array, logitLength: Int32Array, labels: Int32Array, labelLength: Int32Array }} DecodeInputs
 * @typedef {{ run: (c: import('./cases.mjs').DecodeCase, x: DecodeInputs) => Promise<unknown>, dispose: () => Promise<void> }} StartedImpl
 */

/** @type {Record<string, () => Promise<StartedImpl>>} */
export const IMPLS = {
  decode: async () => ({
    run: async (c, x) => {
      const dims = { B: c.B, T: c.T, C: c.C };
      if (c.op === 'greedy') return ctcGreedyDecode({ logits: x.logits, logitLength: x.logitLength, dims }, { variant: c.variant });
      if (c.op === 'beam') return ctcBeamSearch({ logits: x.logits, logitLength: x.logitLength, dims }, { beamWidth: c.beamWidth ?? 1, variant: c.variant });
      return ctcForcedAlign({ ...x, dims: { ...dims, L: c.U ?? 0 } }, { variant: c.variant });
    },
    dispose: async () => {},
  }),
  'tfjs-cpu': () => startTfjs('cpu'),
  'tfjs-wasm': () => startTfjs('wasm'),
  webgpu: async () => {
    const { createForcedAligner } = await import('@seq2seq-losses/backend-webgpu');
    const aligner = await createForcedAligner();
    return {
      run: (c, x) => aligner.align({ ...x, dims: { B: c.B, T: c.T, C: c.C, L: c.U ?? 0 } }, { variant: c.variant }),
      dispose: () => aligner.dispose(),
    };
  },
};

/** The tfjs greedy op on a tfjs backend; timed up to the labels and scores read back. @param {'cpu' | 'wasm'} name */
async function startTfjs(name) {
  const backend = await createTfjs({ tfjsBackend: name }); // loads and activates the tfjs backend
  return {
    /** @param {import('./cases.mjs').DecodeCase} c @param {DecodeInputs} x */
    run: async (c, x) => {
      await tf.setBackend(name);
      const logits = tf.tensor3d(x.logits, [c.B, c.T, c.C]);
      const logitLength = tf.tensor1d(x.logitLength, 'int32');
      const r = tfjsGreedy({ logits, logitLength, variant: c.variant });
      const out = await Promise.all([r.labels.data(), r.lengths.data(), r.logScore.data()]);
      tf.dispose([logits, logitLength, r.labels, r.lengths, r.logScore]);
      return out;
    },
    dispose: () => backend.dispose(),
  };
}
