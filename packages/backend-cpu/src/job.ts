import type { CtcDims, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { JobKind } from './run-samples.js';
import type { KernelKind } from './wasm/load.js';

export type FloatType = 'float32' | 'float64';

/**
 * One call as the worker threads see it: every array lives in a SharedArrayBuffer (possibly longer
 * than needed: buffers are reused, views take the first B*T*C... elements), and the outputs are
 * written in place by whichever thread solves a sample.
 * Samples are claimed from both ends of `order` (the costliest first): the workers take
 * order[Atomics.add(front, 0, 1)] from the front, the calling thread takes them from the back, and
 * claimed[b] (compare-exchange) settles the meeting point. The calling thread reads its own
 * samples from the caller's arrays; it copies the workers' logits (and direction) into the shared
 * buffers sample by sample, just ahead of them: order indices below `copied` are there (a worker
 * waits on it, Atomics.wait), so the workers start after one sample's copy instead of the whole
 * batch's, and the caller's samples are never copied.
 */
export interface JobMessage {
  readonly id: number;
  readonly kind: JobKind;
  /** Which loops the threads run ('js' only when the backend was created so). */
  readonly kernels: KernelKind;
  readonly dims: CtcDims;
  readonly opts: ResolvedCtcOptions;
  readonly inputType: FloatType;
  readonly outputType: FloatType;
  /** [B, T, C] inputType: the samples at order indices below `copied` */
  readonly logits: SharedArrayBuffer;
  /** Int32 [B, L], [B], [B] */
  readonly labels: SharedArrayBuffer;
  readonly labelLength: SharedArrayBuffer;
  readonly logitLength: SharedArrayBuffer;
  /** [B, T, C] of its own float type, HVP only (copied with the logits) */
  readonly direction: SharedArrayBuffer | null;
  readonly directionType: FloatType;
  /** outputType [B], [B, T, C], [B, T, C], [B, T, C, T, C] */
  readonly loss: SharedArrayBuffer;
  readonly gradient: SharedArrayBuffer | null;
  readonly hvp: SharedArrayBuffer | null;
  readonly hessian: SharedArrayBuffer | null;
  /** Int32 [1] the workers' next index into order; Int32 [B] sample order */
  readonly front: SharedArrayBuffer;
  readonly order: SharedArrayBuffer;
  /** Int32 [B] by sample: 0 free, CLAIMED_BY_WORKER, CLAIMED_BY_CALLER */
  readonly claimed: SharedArrayBuffer;
  /** Int32 [1]: order indices below it have their inputs in the shared buffers */
  readonly copied: SharedArrayBuffer;
  /** Int32 [B]: 1 once sample b's outputs are written (Atomics.store after them), for the caller's copy-out. */
  readonly done: SharedArrayBuffer;
}

/** Every shared buffer of a job, to hand back to the arena. */
export function jobBuffers(job: JobMessage): Array<SharedArrayBuffer | null> {
  return [job.logits, job.labels, job.labelLength, job.logitLength, job.direction, job.loss, job.gradient, job.hvp, job.hessian, job.front, job.order, job.claimed, job.copied, job.done];
}

export const CLAIMED_BY_WORKER = 1;
export const CLAIMED_BY_CALLER = 2;

/** A worker's answer: how many samples took the log-space path, or why it failed. */
export interface JobReply {
  readonly id: number;
  readonly logPath?: number;
  readonly error?: string;
}

/** The first `length` elements of a (possibly larger) shared buffer. */
export function floatView(buffer: SharedArrayBuffer, type: FloatType, length: number): Float32Array | Float64Array {
  return type === 'float32' ? new Float32Array(buffer, 0, length) : new Float64Array(buffer, 0, length);
}

export function floatTypeOf(a: Float32Array | Float64Array): FloatType {
  return a instanceof Float32Array ? 'float32' : 'float64';
}
