import type { JobMessage, JobReply } from './job.js';

/** One worker thread as the pool sees it, whatever runs it (Node worker_threads or a Web Worker). */
export interface Thread {
  post(job: JobMessage): void;
  /** Lets an idle thread not keep the process alive (Node only; no-op in browsers). */
  ref(): void;
  unref(): void;
  terminate(): Promise<void>;
}

/** Callbacks a thread reports to: a reply, or its death (error or exit). */
export interface ThreadEvents {
  reply(reply: JobReply): void;
  died(error: Error): void;
  exited(): void;
}

/** Starts a Node worker_threads worker running dist/worker.js. */
export async function spawnNodeThread(events: ThreadEvents): Promise<Thread> {
  const { Worker } = await import('node:worker_threads');
  const w = new Worker(new URL('./worker.js', import.meta.url));
  w.on('message', (reply: JobReply) => events.reply(reply));
  w.on('error', (error) => events.died(error));
  w.once('exit', (code) => {
    events.died(new Error(`backend-cpu: worker exited with code ${code}`));
    events.exited();
  });
  w.unref();
  return {
    post: (job) => w.postMessage(job),
    ref: () => w.ref(),
    unref: () => w.unref(),
    terminate: async () => {
      await w.terminate();
    },
  };
}

/** Starts a module Web Worker running dist/worker-browser.js (needs a cross-origin-isolated page). */
export async function spawnWebThread(events: ThreadEvents): Promise<Thread> {
  const w = new Worker(new URL('./worker-browser.js', import.meta.url), { type: 'module', name: 'backend-cpu' });
  w.onmessage = (e: MessageEvent<JobReply>) => events.reply(e.data);
  w.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    events.died(new Error(`backend-cpu: web worker failed: ${e.message}`));
  };
  return {
    post: (job) => w.postMessage(job),
    ref: () => {},
    unref: () => {},
    terminate: async () => {
      w.terminate();
      events.exited();
    },
  };
}
