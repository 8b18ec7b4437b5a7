import type { ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { LatticePlan } from './lattice-plan.js';
import { encodeParams, PARAMS_BYTES } from './params.js';
import type { PreparedMeta } from './prepare.js';

/** Bytes between two Params in one uniform buffer (minUniformBufferOffsetAlignment is at most 256). */
const SLOT_BYTES = 256;

/** The Params of each dispatch of a chunked call, in one uniform buffer. */
export interface ParamSlots {
  /** Recursion dispatch i: forward side on chunk i, backward side on chunk n - 1 - i. */
  recursion(i: number): GPUBufferBinding;
  /** Per-frame dispatch over chunk k (forward and backward side both chunk k). */
  frames(k: number): GPUBufferBinding;
}

/** The 2n slots' bytes (n chunks): recursion slots 0..n-1, then per-frame slots n..2n-1. */
export function encodeParamSlots(prepared: PreparedMeta, options: ResolvedCtcOptions, D: number, plan: LatticePlan): Uint8Array {
  const { chunks } = plan;
  const n = chunks.length;
  const bytes = new Uint8Array(2 * n * SLOT_BYTES);
  for (let i = 0; i < n; i++) {
    bytes.set(new Uint8Array(encodeParams(prepared, options, D, chunks[i], chunks[n - 1 - i])), i * SLOT_BYTES);
    bytes.set(new Uint8Array(encodeParams(prepared, options, D, chunks[i], chunks[i])), (n + i) * SLOT_BYTES);
  }
  return bytes;
}

/** The slots of a uniform buffer that holds encodeParamSlots(...) for n chunks. */
export function paramSlots(buffer: GPUBuffer, n: number): ParamSlots {
  const at = (slot: number): GPUBufferBinding => ({ buffer, offset: slot * SLOT_BYTES, size: PARAMS_BYTES });
  return { recursion: (i) => at(i), frames: (k) => at(n + k) };
}
