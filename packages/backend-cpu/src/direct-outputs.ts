import type { CtcOut } from '@seq2seq-losses/spec';
import type { DirectOutputs } from './shared-job.js';

/**
 * The options.out arrays the worker threads may write in place: on a SharedArrayBuffer, at byte
 * offset 0, and seen in an earlier call (`seen` remembers them). A worker keeps its handle to a
 * shared buffer until its own garbage collection, which an idle worker may never run: buffers
 * used once (a fresh array per call) are copied into instead, so they are never handed to the
 * workers and cannot pile up there; reused ones cost nothing to hand over again.
 */
export function directOutputs(out: CtcOut | undefined, seen: WeakSet<SharedArrayBuffer>): DirectOutputs {
  const direct: Record<string, SharedArrayBuffer> = {};
  if (!out) return direct;
  for (const key of ['gradient', 'hvp', 'hessian'] as const) {
    const a = out[key];
    if (!a || a.byteOffset !== 0 || !(a.buffer instanceof SharedArrayBuffer)) continue;
    if (seen.has(a.buffer)) direct[key] = a.buffer;
    else seen.add(a.buffer);
  }
  return direct;
}
