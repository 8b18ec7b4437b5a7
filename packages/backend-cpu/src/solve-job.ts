import type { CtcBatch } from '@seq2seq-losses/spec';
import { CLAIMED_BY_WORKER, floatView, type JobMessage, type JobReply } from './job.js';
import { runSamples, threadWorkspace } from './run-samples.js';
import type { SampleOutputs } from './sample.js';

/**
 * A worker's share of a shared-memory job (see JobMessage): it claims samples from the front of
 * the order until the calling thread's claims from the back meet it, waits until each one's inputs
 * are copied, solves it into the job's shared outputs and flags it in job.done. Returns the
 * log-path count.
 */
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
  const out: SampleOutputs = {
    loss: floatView(job.loss, job.outputType, B),
    gradient: view(job.gradient, BTC),
    hvp: view(job.hvp, BTC),
    direction: job.direction ? floatView(job.direction, job.directionType, BTC) : null,
    hessian: view(job.hessian, BTC * T * C),
  };
  const front = new Int32Array(job.front, 0, 1);
  const order = new Int32Array(job.order, 0, B);
  const claimed = new Int32Array(job.claimed, 0, B);
  const copied = new Int32Array(job.copied, 0, 1);
  const done = new Int32Array(job.done, 0, B);
  let current = -1;
  const next = () => {
    if (current >= 0) Atomics.store(done, current, 1); // after its outputs: the caller may copy them
    current = -1;
    const i = Atomics.add(front, 0, 1);
    if (i >= B || Atomics.compareExchange(claimed, order[i], 0, CLAIMED_BY_WORKER) !== 0) return -1; // the caller's from here on
    for (let c = Atomics.load(copied, 0); c <= i; c = Atomics.load(copied, 0)) Atomics.wait(copied, 0, c);
    current = order[i];
    return current;
  };
  return runSamples(batch, job.opts, out, next, threadWorkspace(job.kernels));
}

/** A worker's reply to one job: its log-path count, or the error it hit (with stack). */
export function answerJob(job: JobMessage): JobReply {
  try {
    return { id: job.id, logPath: solveJob(job) };
  } catch (error) {
    return { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
