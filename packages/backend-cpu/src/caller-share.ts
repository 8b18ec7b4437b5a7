import type { CtcBatch, FloatArray, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { CLAIMED_BY_CALLER, type JobMessage } from './job.js';
import { runSamples } from './run-samples.js';
import type { SampleOutputs } from './sample.js';
import { copySampleOut, JobFeeder } from './shared-job.js';
import type { Workspace } from './workspace.js';

/**
 * Samples copied ahead of the workers' claims, per worker: enough that none waits for the copy
 * while this thread solves a sample of its own, which takes longer than a worker's (with fresh
 * result arrays it also pays their page faults and copies the workers' samples in). At C = 5000 a
 * worker waited 17-26 ms of a 63 ms call with 2, and the call took 70 ms; with 4, 62 ms.
 */
const FEED_AHEAD_PER_WORKER = 4;

/**
 * The calling thread's part of a job posted to `workers` threads: it keeps the workers' inputs
 * copied ahead of their claims, claims samples from the back of the order and solves them from
 * the caller's own arrays (`batch`, `direction`: no copy) straight into `result`, and between its
 * samples copies the workers' finished samples into `result`. When the claims meet, it copies the
 * rest of the workers' inputs (whatever happens: a worker never waits forever); the caller then
 * awaits the workers and calls `finish` for the last copies.
 */
export function solveCallerShare(
  job: JobMessage,
  batch: CtcBatch,
  opts: ResolvedCtcOptions,
  direction: FloatArray | null,
  result: SampleOutputs,
  workers: number,
  ws: Workspace,
): { finish: () => void } {
  const { B } = job.dims;
  const order = new Int32Array(job.order, 0, B);
  const claimed = new Int32Array(job.claimed, 0, B);
  const front = new Int32Array(job.front, 0, 1);
  const done = new Int32Array(job.done, 0, B);
  let feeder: JobFeeder | null = null;
  const copiedOut = new Uint8Array(B);
  const copyFinished = () => {
    for (let b = 0; b < B; b++) {
      if (copiedOut[b] === 0 && Atomics.load(done, b) === 1) {
        copySampleOut(job, result, b);
        copiedOut[b] = 1;
      }
    }
  };
  let back = B - 1; // the next order index this thread tries to claim
  const next = () => {
    feeder!.feed(Math.min(back + 1, Atomics.load(front, 0) + FEED_AHEAD_PER_WORKER * workers));
    copyFinished();
    if (back < 0) return -1;
    const b = order[back];
    if (Atomics.compareExchange(claimed, b, 0, CLAIMED_BY_CALLER) !== 0) return -1; // a worker's: so is all below
    back--;
    copiedOut[b] = 1; // solved here, into result
    return b;
  };
  try {
    feeder = new JobFeeder(job, batch, direction);
    runSamples(batch, opts, { ...result, direction }, next, ws);
  } finally {
    // the workers' samples are all below the meeting point; should that copy fail, wake them anyway
    // (the call then rejects, and what they compute is dropped): no worker waits forever
    try {
      feeder!.feed(back + 1);
    } catch {
      const copied = new Int32Array(job.copied, 0, 1);
      Atomics.store(copied, 0, B);
      Atomics.notify(copied, 0);
    }
  }
  return { finish: copyFinished };
}
