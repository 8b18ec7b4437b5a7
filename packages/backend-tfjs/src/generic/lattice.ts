import * as tf from '@tensorflow/tfjs-core';
import { writeLatticeTopology } from '@seq2seq-losses/spec';
import type { CtcContext } from '../context.js';

/**
 * The CTC lattice of every sample as tensors, built on the host from spec's lattice topology
 * (docs/math.md): the interleaved extended label l' = (k, w_0, k, w_1, ..., k), S = 2L + 1 states
 * (state s emits token l'_s), moves into s from s (stay), s-1 (step) and s-2 (skip).
 * States s >= S_b = 2 U_b + 1 have no incoming transition, so they stay at probability 0.
 * Masks are additive in log space: 0 where allowed, -inf where not.
 */
export interface Lattice {
  readonly S: number;
  /** [B * S] int32: b C + l'_s, the flat index of state s's token in a [B * C] frame */
  readonly tokenIndex: tf.Tensor;
  /** [B, S, 3]: log weight of the transition into s from s, s-1, s-2 */
  readonly into: tf.Tensor;
  /** [B, S, 3]: log weight of the transition from s to s, s+1, s+2 */
  readonly outOf: tf.Tensor;
  /** [B, S]: 0 on the possible first states (s = 0 and, when U_b > 0, s = 1) */
  readonly start: tf.Tensor;
  /** [B, S]: 0 on the accepting last states (S_b - 1 and, when U_b > 0, S_b - 2) */
  readonly end: tf.Tensor;
  /** [B, S, C] float32: one-hot of l'_s, to sum state quantities per token */
  readonly tokenOneHot: tf.Tensor;
}

export function buildLattice(ctx: CtcContext): Lattice {
  const { B, C, L } = ctx.dims;
  const S = 2 * L + 1;
  const { blankIndex: blank, variant } = ctx.options;
  const token = new Int32Array(B * S).fill(blank); // [B, S]; blank beyond S_b
  const stay = new Uint8Array(B * S); // [B, S]
  const skip = new Uint8Array(B * S); // [B, S]
  const tokenIndex = new Int32Array(B * S);
  const into = new Float32Array(B * S * 3).fill(-Infinity);
  const outOf = new Float32Array(B * S * 3).fill(-Infinity);
  const start = new Float32Array(B * S).fill(-Infinity);
  const end = new Float32Array(B * S).fill(-Infinity);
  const topology = { token, stay, skip };
  for (let b = 0; b < B; b++) {
    const o = b * S;
    const Sb = writeLatticeTopology(variant, ctx.labels, b * L, ctx.labelLength[b], blank, topology, o);
    for (let s = 0; s < S; s++) tokenIndex[o + s] = b * C + token[o + s];
    for (let s = 0; s < Sb; s++) {
      const allowed = [stay[o + s] === 1, s >= 1, skip[o + s] === 1]; // from s, s-1, s-2
      allowed.forEach((ok, k) => {
        if (!ok) return;
        into[(o + s) * 3 + k] = 0;
        outOf[(o + s - k) * 3 + k] = 0; // the same edge seen from its source s - k
      });
      if (s <= 1) start[o + s] = 0;
      if (s >= Sb - 2) end[o + s] = 0;
    }
  }
  return {
    S,
    tokenIndex: tf.tensor1d(tokenIndex, 'int32'),
    into: tf.tensor3d(into, [B, S, 3]),
    outOf: tf.tensor3d(outOf, [B, S, 3]),
    start: tf.tensor2d(start, [B, S]),
    end: tf.tensor2d(end, [B, S]),
    tokenOneHot: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor2d(token, [B, S], 'int32'), C), 'float32')),
  };
}

/** x [B, T, C] -> T x [B, S], x[b, t, l'_s]: one flat gather over all frames. */
export function gatherStates(lat: Lattice, x: tf.Tensor): tf.Tensor[] {
  const [B, T, C] = x.shape as [number, number, number];
  return tf.tidy(() => {
    const frames = tf.reshape(tf.transpose(x, [1, 0, 2]), [T, B * C]); // [T, B C]
    return tf.unstack(tf.reshape(tf.gather(frames, lat.tokenIndex, 1), [T, B, lat.S]));
  });
}
