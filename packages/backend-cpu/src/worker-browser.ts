/** Entry of one module Web Worker (browsers): solves its share of each job it is sent. */
import type { JobMessage, JobReply } from './job.js';
import { answerJob } from './solve-job.js';

const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<JobMessage>) => void) | null;
  postMessage(reply: JobReply): void;
};
scope.onmessage = (e) => scope.postMessage(answerJob(e.data));
