import type { ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { FrameChunk } from './lattice-plan.js';
import type { PreparedMeta } from './prepare.js';

/** Byte size of the WGSL `Params` struct (common.wgsl): 9 u32, 3 f32, 4 u32. */
export const PARAMS_BYTES = 64;

/**
 * The uniform Params of one dispatch; D = directions per dispatch, `forward` the chunk of alpha and r,
 * `backward` the chunk of beta and q (the same chunk in the per-frame passes).
 */
export function encodeParams(prepared: PreparedMeta, options: ResolvedCtcOptions, D: number, forward: FrameChunk, backward: FrameChunk): ArrayBuffer {
  const { B, T, C, L } = prepared.dims;
  const buffer = new ArrayBuffer(PARAMS_BYTES);
  const u = new Uint32Array(buffer);
  const f = new Float32Array(buffer);
  u.set([B, T, C, L, prepared.S, options.blankIndex, options.variant === 'classic' ? 0 : 1, options.inputs === 'logits' ? 0 : 1, D]);
  f[9] = 1; // `one`: opaque to shader compilers
  f[10] = -Infinity;
  f[11] = NaN;
  u.set([forward.t0, forward.t1, backward.t0, backward.t1], 12);
  return buffer;
}
