/** Entry of one worker thread (Node worker_threads): solves its share of each job it is sent. */
import { parentPort } from 'node:worker_threads';
import type { JobMessage } from './job.js';
import { answerJob } from './solve-job.js';

const port = parentPort;
if (!port) throw new Error('backend-cpu worker.js must run in a worker thread');
port.on('message', (job: JobMessage) => port.postMessage(answerJob(job)));
