import type { CtcBatch, FloatArray, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { SharedArena } from './arena.js';
import { floatTypeOf, floatView, type FloatType, type JobMessage } from './job.js';
import type { KernelKind } from './wasm/load.js';
import type { JobKind } from './run-samples.js';
import type { SampleOutputs } from './sample.js';

/** Copies a typed array into a shared buffer of the arena. */
function share(arena: SharedArena, a: FloatArray | Int32Array): SharedArrayBuffer {
  const buffer = arena.acquire(a.byteLength);
  new (a.constructor as new (b: SharedArrayBuffer, o: number, n: number) => FloatArray | Int32Array)(buffer, 0, a.length).set(a);
  return buffer;
}

/** The job's shared sample counter, starting at 0. */
function zeroedCounter(arena: SharedArena): SharedArrayBuffer {
  const buffer = arena.acquire(4);
  new Int32Array(buffer, 0, 1)[0] = 0;
  return buffer;
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

/** Builds the shared-memory job of one call: inputs copied in, outputs of `outputType` (written in full by the kernels). */
export function buildJob(
  arena: SharedArena,
  id: number,
  kind: JobKind,
  batch: CtcBatch,
  opts: ResolvedCtcOptions,
  outputType: FloatType,
  direction: FloatArray | null,
  kernels: KernelKind,
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
    logits: share(arena, batch.logits),
    labels: share(arena, batch.labels),
    labelLength: share(arena, batch.labelLength),
    logitLength: share(arena, batch.logitLength),
    direction: direction ? share(arena, direction) : null,
    directionType: direction ? floatTypeOf(direction) : 'float64',
    loss: out(B),
    gradient: kind === 'loss' ? null : out(B * T * C),
    hvp: kind === 'hvp' ? out(B * T * C) : null,
    hessian: kind === 'hessian' ? out(B * T * C * T * C) : null,
    counter: zeroedCounter(arena),
    order: order.buffer as SharedArrayBuffer,
    done: zeroedFlags(arena, B),
  };
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
    if (buffer && dest) dest.set(floatView(buffer, type, B * size).subarray(b * size, (b + 1) * size), b * size);
  };
  part(job.gradient, out.gradient, n);
  part(job.hvp, out.hvp, n);
  part(job.hessian, out.hessian, n * n);
}
