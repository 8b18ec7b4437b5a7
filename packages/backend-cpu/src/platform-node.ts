import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JobReply } from './job.js';
import type { Thread, ThreadEvents } from './threads.js';
import type { Platform } from './platform.js';

/** Starts a Node worker_threads worker running dist/worker.js (self-contained), or `workerUrl`. */
function spawnNodeThread(workerUrl: string | URL | undefined, events: ThreadEvents): Promise<Thread> {
  const w = new Worker(workerUrl === undefined ? new URL('./worker.js', import.meta.url) : toFileUrl(workerUrl));
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

/** worker_threads takes a path or a URL object; a URL string (file:...) becomes a URL. */
function toFileUrl(url: string | URL): string | URL {
  return typeof url === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(url) ? new URL(url) : url;
}

export const platform: Platform = {
  defaultThreads: () => Math.max(1, availableParallelism()),
  workers: (workerUrl) => ({ spawn: (events) => spawnNodeThread(workerUrl, events), parallelism: 'worker_threads' }),
};
