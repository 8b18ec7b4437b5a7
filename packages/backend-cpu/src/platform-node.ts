import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JobReply } from './job.js';
import type { Thread, ThreadEvents } from './threads.js';
import type { Platform } from './platform.js';

/** Starts a Node worker_threads worker running dist/worker.js. */
function spawnNodeThread(events: ThreadEvents): Promise<Thread> {
  const w = new Worker(new URL('./worker.js', import.meta.url));
  w.on('message', (reply: JobReply) => events.reply(reply));
  w.on('error', (error) => events.died(error));
  w.once('exit', (code) => {
    events.died(new Error(`backend-cpu: worker exited with code ${code}`));
    events.exited();
  });
  w.unref();
  return Promise.resolve({
    post: (job) => w.postMessage(job),
    ref: () => w.ref(),
    unref: () => w.unref(),
    terminate: async () => {
      await w.terminate();
    },
  });
}

export const platform: Platform = {
  defaultThreads: () => Math.max(1, availableParallelism()),
  workers: () => ({ spawn: spawnNodeThread, parallelism: 'worker_threads' }),
};
