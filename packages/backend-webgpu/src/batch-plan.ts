import { CtcUnsupportedError, type CtcDims } from '@seq2seq-losses/spec';
import { framesPerChunk, latticeRowBytes } from './lattice-plan.js';

/** What a sub-batch must fit. */
export interface SubBatchLimits {
  /** Bytes of one storage binding. */
  readonly limit: number;
  /** Frames per lattice chunk below which a sub-batch of several samples stops growing (default 64). */
  readonly minFrames?: number;
  /** Samples per sub-batch at most (default: any). */
  readonly maxSamples?: number;
}

/** Samples [b0, b1) of a batch. */
export interface SampleRange {
  readonly b0: number;
  readonly b1: number;
}

const F32 = 4;

/**
 * Cuts a batch into consecutive sub-batches whose whole-batch buffers fit one storage binding of
 * `limit` bytes: [B', T, C] inputs, log-probs, gradient, direction and HVP; [B', 2T + 9] stats; three
 * lattice rows [B', S'] (a chunk of one frame plus its two halo rows, lattice-plan.ts); and at most
 * `maxSamples` samples (the recursions dispatch 2B' workgroups in one dimension). A sub-batch of
 * several samples also stops growing before its lattice chunks would drop below min(T, minFrames)
 * frames (fewer dispatches). One sample that does not fit alone is a CtcUnsupportedError naming the
 * quantity, the limit and what would fit.
 */
export function planSubBatches(dims: CtcDims, labelLength: ArrayLike<number>, fit: SubBatchLimits): SampleRange[] {
  const { limit, minFrames = 64, maxSamples = Infinity } = fit;
  const { B, T, C } = dims;
  const sampleBytes = F32 * Math.max(T * C, 2 * T + 9); // [T, C] rows, or the [2T + 9] stats when C < 3
  if (B > 0 && sampleBytes > limit) {
    throw new CtcUnsupportedError(
      'webgpu',
      'a sample larger than one storage binding',
      `webgpu: one sample's [T, C] = [${T}, ${C}] float32 inputs need ${sampleBytes} bytes in one storage binding, over this backend's limit of ${limit} bytes (maxStorageBufferBindingSize); T * C up to ${Math.floor(limit / F32)} fits`,
    );
  }
  const wantFrames = Math.min(Math.max(T, 1), minFrames);
  const ranges: SampleRange[] = [];
  let b0 = 0;
  let maxU = 0;
  for (let b = 0; b < B; b++) {
    const U = Math.max(maxU, labelLength[b]);
    const n = b - b0 + 1;
    const fits = n <= maxSamples && n * sampleBytes <= limit && framesPerChunk(n, T, 2 * U + 1, limit) >= (n === 1 ? 1 : wantFrames);
    if (fits) {
      maxU = U;
      continue;
    }
    if (n === 1) throw latticeTooLarge(labelLength[b], limit);
    ranges.push({ b0, b1: b });
    b0 = b;
    maxU = labelLength[b];
    if (framesPerChunk(1, T, 2 * maxU + 1, limit) < 1) throw latticeTooLarge(maxU, limit);
  }
  if (b0 < B || B === 0) ranges.push({ b0, b1: B });
  return ranges;
}

function latticeTooLarge(U: number, limit: number): CtcUnsupportedError {
  const S = 2 * U + 1;
  return new CtcUnsupportedError(
    'webgpu',
    'a label longer than one storage binding holds',
    `webgpu: a label of U = ${U} tokens needs 3 lattice rows of S = 2U + 1 = ${S} two-float states, ${3 * latticeRowBytes(1, S)} bytes in one storage binding, over this backend's limit of ${limit} bytes (maxStorageBufferBindingSize); U up to ${Math.max(0, Math.floor((limit / 24 - 1) / 2))} fits`,
  );
}
