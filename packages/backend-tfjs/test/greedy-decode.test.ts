import * as tf from '@tensorflow/tfjs-core';
import { describeCtcDecoder, type CtcDecoderUnderTest } from '@seq2seq-losses/conformance';
import { CtcInputError } from '@seq2seq-losses/spec';
import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode, readGreedyLabels } from '../src/index.js';
import { useBackend, type NodeTfjsBackend } from './helpers/tfjs.js';

/** The tfjs op behind the decode laws' host interface: upload, decode on the device, read back. */
function tfjsGreedy(backend: NodeTfjsBackend): () => Promise<CtcDecoderUnderTest> {
  return async () => {
    await useBackend(backend);
    return {
      precision: 'float32',
      async greedy(input, options) {
        const { B, T, C } = input.dims;
        // A tensor carries its shape: the size check prepare.ts makes for the losses happens here.
        if (input.logits.length !== B * T * C) {
          throw new CtcInputError('SHAPE_MISMATCH', 'ctcGreedyDecode', 'logits', `expected \`logits\` to have ${B * T * C} elements, got ${input.logits.length}`);
        }
        await useBackend(backend);
        const logits = tf.tensor3d(Float32Array.from(input.logits), options.timeMajor ? [T, B, C] : [B, T, C]);
        try {
          const r = ctcGreedyDecode({ logits, logitLength: input.logitLength, ...options });
          const labels = await readGreedyLabels(r);
          const logScore = (await r.logScore.data()) as Float32Array;
          tf.dispose([r.labels, r.lengths, r.logScore]);
          return { labels, logScore };
        } finally {
          logits.dispose();
        }
      },
    };
  };
}

describeCtcDecoder('tfjs-cpu greedy op', tfjsGreedy('cpu'));
describeCtcDecoder('tfjs-wasm greedy op', tfjsGreedy('wasm'));
// tfjs-backend-webgpu on Dawn with the software Vulkan driver (helpers/webgpu.ts).
describeCtcDecoder('tfjs-webgpu greedy op', tfjsGreedy('webgpu'));

describe('ctcGreedyDecode (tfjs op)', () => {
  it('returns device tensors: labels [B, T] padded with -1, lengths [B], logScore [B]; leaves no tensor behind', async () => {
    await useBackend('cpu');
    const p = [[0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.8, 0.1, 0.1], [0.1, 0.1, 0.8]]; // path 1 1 0 2
    const logits = tf.tensor3d([p.flat().map(Math.log), p.flat().map(Math.log)].flat(), [2, 4, 3]);
    const logitLength = tf.tensor1d([4, 2], 'int32');
    const before = tf.memory().numTensors;
    const r = ctcGreedyDecode({ logits, logitLength, inputs: 'logProbs' });
    expect(r.labels.shape).toEqual([2, 4]);
    expect(r.labels.dtype).toBe('int32');
    expect(Array.from(await r.labels.data())).toEqual([1, 2, -1, -1, 1, -1, -1, -1]);
    expect(Array.from(await r.lengths.data())).toEqual([2, 1]);
    const score = await r.logScore.data();
    expect(score[0]).toBeCloseTo(4 * Math.log(0.8), 5);
    expect(score[1]).toBeCloseTo(2 * Math.log(0.8), 5);
    expect((await readGreedyLabels(r)).map((l) => Array.from(l))).toEqual([[1, 2], [1]]);
    tf.dispose([r.labels, r.lengths, r.logScore]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => ctcGreedyDecode({ logits, logitLength: [5, 1] })).toThrow(CtcInputError);
    expect(() => ctcGreedyDecode({ logits, logitLength, blankIndex: 3 })).toThrow(/BLANK_OUT_OF_RANGE/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, logitLength]);
  });
});
