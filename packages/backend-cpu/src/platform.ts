import type { SpawnThread } from './pool.js';

/**
 * What differs between Node and browsers, chosen by package.json's `#platform` import conditions
 * (`node` -> node.ts, `browser` / `default` -> browser.ts), so bundlers never see the other one.
 */
export interface Platform {
  /** os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers, else 1. */
  defaultThreads(): number;
  /**
   * How worker threads start here (`workerUrl`: the browser worker's URL when not the bundled
   * default), or why they cannot (then calls run on the calling thread; `inline` says why).
   */
  workers(workerUrl?: string | URL): { spawn: SpawnThread; parallelism: string } | { spawn: null; inline: string };
}
