import { summarize } from './stats.mjs';

/**
 * @typedef {{
 *   warmup?: number,
 *   warmupSeconds?: number,
 *   reps?: number,
 *   maxSeconds?: number,
 *   cpu?: boolean,
 *   now?: () => number,
 *   afterEach?: () => void,
 * }} TimeOptions
 *   warmup: untimed calls first (default 2); warmupSeconds: and for at least this long (default 0);
 *   reps: timed calls (default 5), stopping once the timed calls took maxSeconds (default no limit;
 *   at least one call is timed); cpu: also the process CPU time of each call (Node only; all
 *   threads, which a busy shared machine distorts less than wall time); now: the clock in ms
 *   (default performance.now); afterEach: called after each timed call (e.g. a memory sample).
 * @typedef {ReturnType<typeof summarize> & { times: number[], cpuTimes: number[], cpuMedianMs: number | null, cpuMinMs: number | null }} Timing
 *   medianMs, minMs, maxMs, reps of the wall times (ms); the raw times; the CPU times when asked.
 */

/**
 * The timing rule of every benchmark of this repository (bench/ and the packages' scripts): a
 * warm-up of at least `warmup` calls and `warmupSeconds`, then up to `reps` timed calls within
 * `maxSeconds`; median, min and max by `summarize`. With several functions each round calls them in
 * turn (A, B, A, B, ...), so that all see the same load of a shared machine.
 * @param {ReadonlyArray<() => unknown>} fns sync or async
 * @param {TimeOptions} [options]
 * @returns {Promise<Timing[]>} one per function
 */
export async function timeAlternately(fns, options = {}) {
  const { warmup = 2, warmupSeconds = 0, reps = 5, maxSeconds = Infinity, cpu = false, now = () => performance.now(), afterEach } = options;
  if (!(reps >= 1) || fns.length === 0) throw new RangeError(`timeAlternately: needs reps >= 1 and a function, got reps ${reps} and ${fns.length} functions`);
  const start = now();
  for (let i = 0; i < warmup || now() - start < warmupSeconds * 1000; i++) for (const fn of fns) await fn();
  const times = fns.map(() => /** @type {number[]} */ ([]));
  const cpuTimes = fns.map(() => /** @type {number[]} */ ([]));
  let spent = 0;
  for (let r = 0; r < reps && (r === 0 || spent < maxSeconds * 1000); r++) {
    for (const [k, fn] of fns.entries()) {
      const c0 = cpu ? process.cpuUsage() : undefined;
      const t0 = now();
      await fn();
      const dt = now() - t0;
      if (c0) {
        const c = process.cpuUsage(c0);
        cpuTimes[k].push((c.user + c.system) / 1000);
      }
      afterEach?.();
      times[k].push(dt);
      spent += dt;
    }
  }
  return times.map((ts, k) => {
    const cpuSummary = cpu ? summarize(cpuTimes[k]) : null;
    return { ...summarize(ts), times: ts, cpuTimes: cpuTimes[k], cpuMedianMs: cpuSummary?.medianMs ?? null, cpuMinMs: cpuSummary?.minMs ?? null };
  });
}

/**
 * timeAlternately for one function.
 * @param {() => unknown} fn
 * @param {TimeOptions} [options]
 * @returns {Promise<Timing>}
 */
export async function timeIt(fn, options) {
  const [timing] = await timeAlternately([fn], options);
  return timing;
}
