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
