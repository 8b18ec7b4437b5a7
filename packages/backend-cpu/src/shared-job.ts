import type { CtcBatch, FloatArray, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { SharedArena } from './arena.js';
import { floatTypeOf, floatView, type FloatType, type JobMessage } from './job.js';
import type { KernelKind } from './wasm/load.js';
import type { JobKind } from './run-samples.js';
import type { SampleOutputs } from './sample.js';

/** Copies a typed array into a shared buffer of the arena. */
function share(arena: SharedArena, a: Int32Array): SharedArrayBuffer {
  const buffer = arena.acquire(a.byteLength);
  new Int32Array(buffer, 0, a.length).set(a);
  return buffer;
}

/** An Int32 [1] counter starting at 0. */
function zeroedCounter(arena: SharedArena): SharedArrayBuffer {
  const buffer = arena.acquire(4);
  new Int32Array(buffer, 0, 1)[0] = 0;
  return buffer;
}

/** A shared buffer for a [B, T, C] array of a's type; the samples are copied in later (JobFeeder). */
function room(arena: SharedArena, a: FloatArray): SharedArrayBuffer {
  return arena.acquire(a.byteLength);
}

function zeroedFlags(arena: SharedArena, B: number): SharedArrayBuffer {
  const buffer = arena.acquire(4 * B);
  new Int32Array(buffer, 0, B).fill(0);
  return buffer;
}

/** Estimated cost of sample b: the lattice (T_b * S) plus the softmax (T_b * C). */
export function sampleCost(batch: CtcBatch, b: number): number {
  return batch.logitLength[b] * (2 * batch.labelLength[b] + 1 + batch.dims.C);
}

/**
 * The caller's own shared output buffers a job writes in place (options.out arrays on a
 * SharedArrayBuffer at offset 0), instead of the arena's.
 */
export type DirectOutputs = Partial<Record<'gradient' | 'hvp' | 'hessian', SharedArrayBuffer>>;

/**
 * Builds the shared-memory job of one call: labels and lengths copied in, room for the logits and
 * direction (a JobFeeder copies the workers' samples), outputs of `outputType` (written in full by
 * the kernels).
 */
export function buildJob(
  arena: SharedArena,
  id: number,
  kind: JobKind,
  batch: CtcBatch,
  opts: ResolvedCtcOptions,
  outputType: FloatType,
  direction: FloatArray | null,
  kernels: KernelKind,
  direct: DirectOutputs = {},
): JobMessage {
  const { B, T, C } = batch.dims;
  const bytes = outputType === 'float32' ? 4 : 8;
  const out = (n: number) => arena.acquire(n * bytes);
  const order = new Int32Array(arena.acquire(4 * B), 0, B);
  const cost = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    order[b] = b;
    cost[b] = sampleCost(batch, b);
  }
  order.sort((a, b) => cost[b] - cost[a] || a - b); // costliest first
  return {
    id,
    kind,
    kernels,
    dims: batch.dims,
    opts,
    inputType: floatTypeOf(batch.logits),
    outputType,
    logits: room(arena, batch.logits),
    labels: share(arena, batch.labels),
    labelLength: share(arena, batch.labelLength),
    logitLength: share(arena, batch.logitLength),
    direction: direction ? room(arena, direction) : null,
    directionType: direction ? floatTypeOf(direction) : 'float64',
    loss: out(B),
    gradient: kind === 'loss' ? null : (direct.gradient ?? out(B * T * C)),
    hvp: kind === 'hvp' ? (direct.hvp ?? out(B * T * C)) : null,
    hessian: kind === 'hessian' ? (direct.hessian ?? out(B * T * C * T * C)) : null,
    front: zeroedCounter(arena),
    order: order.buffer as SharedArrayBuffer,
    claimed: zeroedFlags(arena, B),
    copied: zeroedCounter(arena),
    done: zeroedFlags(arena, B),
  };
}

/**
 * The calling thread's copies of the workers' inputs (logits, direction [B, T, C]) into a job, in
 * the job's order, publishing each step in job.copied for the waiting workers.
 */
export class JobFeeder {
  private next = 0; // order index
  private readonly order: Int32Array;
  private readonly copied: Int32Array;
  private readonly pairs: Array<[FloatArray, FloatArray]>;
  private readonly n: number;

  constructor(job: JobMessage, batch: CtcBatch, direction: FloatArray | null) {
    const { B, T, C } = job.dims;
    this.n = T * C;
    this.order = new Int32Array(job.order, 0, B);
    this.copied = new Int32Array(job.copied, 0, 1);
    this.pairs = [[batch.logits, floatView(job.logits, job.inputType, B * this.n)]];
    if (direction && job.direction) this.pairs.push([direction, floatView(job.direction, job.directionType, B * this.n)]);
  }

  /**
   * Copies the samples at order indices below `end` (those not copied yet), publishing and waking
   * the workers after each one (a worker waiting for the first need not wait for the rest).
   */
  feed(end: number): void {
    const stop = Math.min(end, this.order.length);
    const n = this.n;
    while (this.next < stop) {
      const b = this.order[this.next];
      for (const [from, to] of this.pairs) to.set(from.subarray(b * n, (b + 1) * n), b * n);
      this.next++;
      Atomics.store(this.copied, 0, this.next);
      Atomics.notify(this.copied, 0);
    }
  }
}

/**
 * Copies sample b's outputs from the job's shared buffers into `out` (ordinary arrays): loss [B],
 * gradient and hvp [B, T, C], hessian [B, T, C, T, C].
 */
export function copySampleOut(job: JobMessage, out: SampleOutputs, b: number): void {
  const { B, T, C } = job.dims;
  const n = T * C;
  const type = job.outputType;
  out.loss[b] = floatView(job.loss, type, B)[b];
  const part = (buffer: SharedArrayBuffer | null, dest: FloatArray | null, size: number) => {
    if (buffer && dest && dest.buffer !== buffer) dest.set(floatView(buffer, type, B * size).subarray(b * size, (b + 1) * size), b * size);
  };
  part(job.gradient, out.gradient, n);
  part(job.hvp, out.hvp, n);
  part(job.hessian, out.hessian, n * n);
}
