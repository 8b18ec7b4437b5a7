/** Whether this is Node (worker_threads available). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * Whether Web Workers can share memory here: a browser page that is cross-origin isolated
 * (served with COOP: same-origin and COEP: require-corp), which SharedArrayBuffer requires.
 */
export function canShareWithWebWorkers(): boolean {
  const g = globalThis as { Worker?: unknown; SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  return !isNode() && typeof g.Worker === 'function' && typeof g.SharedArrayBuffer === 'function' && g.crossOriginIsolated === true;
}

/** os.availableParallelism() in Node, navigator.hardwareConcurrency elsewhere, else 1. */
export async function defaultThreads(): Promise<number> {
  if (isNode()) {
    const os = await import('node:os');
    return Math.max(1, os.availableParallelism ? os.availableParallelism() : os.cpus().length);
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}
