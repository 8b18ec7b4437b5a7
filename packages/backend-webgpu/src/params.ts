import type { ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { PreparedMeta } from './prepare.js';

/** Byte size of the WGSL `Params` struct (common.wgsl): 9 u32 + 3 f32, padded to 16. */
export const PARAMS_BYTES = 48;

/** The uniform Params of a call; D = directions per dispatch. */
export function encodeParams(prepared: PreparedMeta, options: ResolvedCtcOptions, D: number): ArrayBuffer {
  const { B, T, C, L } = prepared.dims;
  const buffer = new ArrayBuffer(PARAMS_BYTES);
  const u = new Uint32Array(buffer);
  const f = new Float32Array(buffer);
  u.set([B, T, C, L, prepared.S, options.blankIndex, options.variant === 'classic' ? 0 : 1, options.inputs === 'logits' ? 0 : 1, D]);
  f[9] = 1; // `one`: opaque to shader compilers
  f[10] = -Infinity;
  f[11] = NaN;
  return buffer;
}
