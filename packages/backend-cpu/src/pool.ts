import type { JobMessage, JobReply } from './job.js';
import type { Thread, ThreadEvents } from './threads.js';

let liveWorkers = 0;
/** Worker threads started by any pool of this module and not yet exited (for leak checks). */
export function liveWorkerCount(): number {
  return liveWorkers;
}

interface Pending {
  remaining: number;
  logPath: number;
  resolve: (logPath: number) => void;
  reject: (error: Error) => void;
}

/** How a pool starts one thread (Node worker_threads or a Web Worker: platform-node.ts, platform-browser.ts). */
export type SpawnThread = (events: ThreadEvents) => Promise<Thread>;

/**
 * A lazily started pool of worker threads that all work on one job at a time (each takes samples
 * from the job's shared counter). Idle threads are unref'd, so an undisposed pool never keeps a
 * Node process alive; `terminate` stops them all.
 */
export class WorkerPool {
  private threads: Thread[] = [];
  private readonly pending = new Map<number, Pending>();
  private starting: Promise<void> | null = null;
  private generation = 0;

  constructor(
    readonly size: number,
    private readonly spawn: SpawnThread,
  ) {}

  /** Starts the threads (once); `post` needs them started. */
  ready(): Promise<void> {
    return this.start();
  }

  /** Whether the threads are started (then `post` works now, with no await). */
  get started(): boolean {
    return this.threads.length === this.size;
  }

  /**
   * Posts `job` to min(size, threads) started workers now (synchronously, so the caller can then
   * compute its own share of the job); resolves with their total log-path count.
   */
  post(job: JobMessage, threads: number): Promise<number> {
    if (this.threads.length === 0) return Promise.reject(new Error('backend-cpu: the worker threads are not running'));
    const used = this.threads.slice(0, Math.max(1, Math.min(threads, this.threads.length)));
    return new Promise<number>((resolve, reject) => {
      this.pending.set(job.id, { remaining: used.length, logPath: 0, resolve, reject });
      for (const t of this.threads) t.ref();
      for (const t of used) t.post(job);
    });
  }

  async terminate(): Promise<void> {
    const threads = this.threads;
    this.threads = [];
    this.starting = null;
    this.generation++;
    this.failAll(new Error('backend-cpu: the backend was disposed while a call was running'));
    await Promise.all(threads.map((t) => t.terminate()));
  }

  private start(): Promise<void> {
    if (!this.starting) {
      const generation = this.generation;
      this.starting = (async () => {
        for (let i = 0; i < this.size; i++) {
          let exited = false;
          const events: ThreadEvents = {
            reply: (reply) => this.onReply(reply),
            died: (error) => {
              if (generation === this.generation) this.onCrash(error);
            },
            exited: () => {
              if (!exited) liveWorkers--;
              exited = true;
            },
          };
          const thread = await this.spawn(events);
          liveWorkers++;
          if (generation !== this.generation) {
            // terminate() ran while this pool was starting: stop what was just started
            await thread.terminate();
            throw new Error('backend-cpu: the backend was disposed while its threads were starting');
          }
          this.threads.push(thread);
        }
      })();
    }
    return this.starting;
  }

  private onReply(reply: JobReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.error !== undefined) {
      this.pending.delete(reply.id);
      p.reject(new Error(`backend-cpu worker failed: ${reply.error}`));
    } else {
      p.logPath += reply.logPath ?? 0;
      if (--p.remaining > 0) return;
      this.pending.delete(reply.id);
      p.resolve(p.logPath);
    }
    if (this.pending.size === 0) for (const t of this.threads) t.unref();
  }

  /** A thread died outside terminate(): fail the running jobs and restart the pool next time. */
  private onCrash(error: Error): void {
    const threads = this.threads;
    this.threads = [];
    this.starting = null;
    this.generation++;
    this.failAll(error);
    for (const t of threads) void t.terminate();
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
