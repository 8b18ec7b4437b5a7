import type { JobReply } from './job.js';
import type { Thread, ThreadEvents } from './threads.js';
import type { Platform } from './platform.js';

/**
 * Starts a module Web Worker running dist/worker-browser.js (needs a cross-origin-isolated page).
 * The literal `new Worker(new URL('...', import.meta.url), { type: 'module' })` is the pattern Vite
 * and webpack 5 find and bundle; `workerUrl` (createBackend's option) replaces the URL.
 */
function spawnWebThread(workerUrl: string | URL | undefined, events: ThreadEvents): Promise<Thread> {
  const w =
    workerUrl === undefined
      ? new Worker(new URL('./worker-browser.js', import.meta.url), { type: 'module', name: 'backend-cpu' })
      : new Worker(workerUrl, { type: 'module', name: 'backend-cpu' });
  // for the error message only; not a second `new URL(..., import.meta.url)`, which bundlers would rewrite
  const url = String(workerUrl ?? import.meta.url.replace(/[^/]*$/, 'worker-browser.js'));
  w.onmessage = (e: MessageEvent<JobReply>) => events.reply(e.data);
  w.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    void explainWorkerFailure(url, e).then((why) => events.died(new Error(why)));
  };
  return Promise.resolve({
    post: (job) => w.postMessage(job),
    ref: () => {},
    unref: () => {},
    terminate: async () => {
      w.terminate();
      events.exited();
    },
  });
}

/**
 * Why a Web Worker failed, in words: the browser's message when it gives one, the worker's URL, the
 * HTTP status of fetching that URL (a 404 usually means the bundler did not emit the worker file:
 * see createBackend's `workerUrl`) and whether the page is cross-origin isolated.
 */
export async function explainWorkerFailure(url: string, e: { message?: string }): Promise<string> {
  let status: string;
  try {
    const r = await fetch(url, { method: 'GET', cache: 'no-store' });
    status = `HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ''}`;
  } catch (error) {
    status = `fetch failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const message = e.message ? e.message : 'no message from the browser';
  return (
    `backend-cpu: web worker failed (${message}); worker URL ${url} (${status}); ` +
    `page ${isolated ? 'is' : 'is not'} cross-origin isolated`
  );
}

/** Whether Web Workers can share memory here: SharedArrayBuffer needs a cross-origin-isolated page. */
function canShareWithWebWorkers(): boolean {
  const g = globalThis as { Worker?: unknown; SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  return typeof g.Worker === 'function' && typeof g.SharedArrayBuffer === 'function' && g.crossOriginIsolated === true;
}

export const platform: Platform = {
  defaultThreads: () => {
    const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
    return Math.max(1, nav?.hardwareConcurrency ?? 1);
  },
  workers: (workerUrl) =>
    canShareWithWebWorkers()
      ? { spawn: (events) => spawnWebThread(workerUrl, events), parallelism: 'web-workers' }
      : { spawn: null, inline: 'inline (page not cross-origin isolated)' },
};
