import type { CtcBatch } from '@seq2seq-losses/spec';
import { floatView, type JobMessage, type JobReply } from './job.js';
import { runSamples, threadWorkspace } from './run-samples.js';
import type { SampleOutputs } from './sample.js';

/**
 * Solves this thread's share of a shared-memory job (see JobMessage) into `own` (the calling
 * thread's ordinary result arrays) or else the job's shared outputs, flagging each finished
 * sample in job.done; `onTake(b)` (the calling thread) runs before each sample b is taken.
 * Returns the log-path count.
 */
export function solveJob(job: JobMessage, own?: SampleOutputs, onTake?: (b: number) => void): number {
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
  const direction = job.direction ? floatView(job.direction, job.directionType, BTC) : null;
  const out: SampleOutputs = own
    ? { ...own, direction }
    : {
        loss: floatView(job.loss, job.outputType, B),
        gradient: view(job.gradient, BTC),
        hvp: view(job.hvp, BTC),
        direction,
        hessian: view(job.hessian, BTC * T * C),
      };
  const counter = new Int32Array(job.counter, 0, 1);
  const order = new Int32Array(job.order, 0, B);
  const done = new Int32Array(job.done, 0, B);
  let current = -1;
  const next = () => {
    if (current >= 0) Atomics.store(done, current, 1); // after its outputs: the caller may copy them
    const i = Atomics.add(counter, 0, 1);
    current = i < B ? order[i] : -1;
    if (current >= 0) onTake?.(current);
    return current;
  };
  return runSamples(batch, job.opts, out, next, threadWorkspace(job.kernels));
}

/** A worker's reply to one job: its log-path count, or the error it hit (with stack). */
export function answerJob(job: JobMessage, own?: SampleOutputs, onTake?: (b: number) => void): JobReply {
  try {
    return { id: job.id, logPath: solveJob(job, own, onTake) };
  } catch (error) {
    return { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
