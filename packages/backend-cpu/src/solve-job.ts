import type { CtcBatch } from '@seq2seq-losses/spec';
import { floatView, type JobMessage, type JobReply } from './job.js';
import { runSamples, threadWorkspace } from './run-samples.js';

/** Solves this thread's share of a shared-memory job (see JobMessage). Returns the log-path count. */
export function solveJob(job: JobMessage): number {
  const { B, T, C, L } = job.dims;
  const BTC = B * T * C;
  const batch: CtcBatch = {
    logits: floatView(job.logits, job.inputType, BTC),
    labels: new Int32Array(job.labels, 0, B * L),
    labelLength: new Int32Array(job.labelLength, 0, B),
    logitLength: new Int32Array(job.logitLength, 0, B),
    dims: job.dims,
  };
  const view = (b: SharedArrayBuffer | null, n: number) => (b ? floatView(b, job.outputType, n) : null);
  const out = {
    loss: floatView(job.loss, job.outputType, B),
    gradient: view(job.gradient, BTC),
    hvp: view(job.hvp, BTC),
    direction: job.direction ? floatView(job.direction, job.directionType, BTC) : null,
    hessian: view(job.hessian, BTC * T * C),
  };
  const counter = new Int32Array(job.counter, 0, 1);
  const order = new Int32Array(job.order, 0, B);
  return runSamples(batch, job.opts, out, () => {
    const i = Atomics.add(counter, 0, 1);
    return i < B ? order[i] : -1;
  }, threadWorkspace(job.kernels));
}

/** A worker's reply to one job: its log-path count, or the error it hit (with stack). */
export function answerJob(job: JobMessage): JobReply {
  try {
    return { id: job.id, logPath: solveJob(job) };
  } catch (error) {
    return { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
