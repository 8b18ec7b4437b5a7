import { describe, expect, it } from 'vitest';
import { createBackend as createReference } from '@seq2seq-losses/reference-cpu';
import type { CtcBackend } from '@seq2seq-losses/spec';
import { soakBatches } from '../src/soak/batches.mjs';
import { startCountedBackend } from '../src/soak/counters.mjs';
import { judgeSoak, runSoak } from '../src/soak/run.mjs';

// The short soak of CI: 500 calls per backend (200 to warm up, 300 measured). Heap and external
// memory after GC may grow by at most 3 KB per measured call (0.88 MB; the noise after warm-up is
// 0.3-0.6 MB, tfjs-webgpu's the most; the injected 4 KB-per-call leak below grows 1.17 MB); live workers, tfjs tensors, GPU buffers and ORT sessions must not move and must be 0
// after dispose(). RSS is left to the long soak (`npm run bench:soak`, 10^4 calls, 10%), which fixes
// V8's young generation: here it grows in 8-16 MB steps whenever V8 decides, more than a leak of a
// few KB per call would add in 300 calls.
const SHORT = { calls: 500, warmup: 200, checkpoints: 3 };
const HEAP_LIMITS = { bytesPerCall: 3072, quantities: ['heapMB', 'externalMB'] as const };

async function shortSoak(started: { backend: CtcBackend; counters: Record<string, () => number> }): Promise<string[]> {
  const result = await runSoak({ ...started, inputs: soakBatches(started.backend.capabilities.precision), ...SHORT });
  return judgeSoak(result, { ...HEAP_LIMITS, quantities: [...HEAP_LIMITS.quantities] });
}

describe('short soak: memory and handles stay flat', () => {
  for (const id of ['reference-cpu', 'cpu', 'cpu-f64', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgpu', 'webgpu', 'onnx', 'onnx-f64']) {
    it(`${id}: ${SHORT.calls} calls`, async () => {
      expect(await shortSoak(await startCountedBackend(id))).toEqual([]);
    });
  }
});

describe('the soak checker catches leaks', () => {
  /** reference-cpu keeping 4 KB on the heap and 4 KB of ArrayBuffer per call (a cache that never evicts) and one "handle". */
  async function leaky(): Promise<{ backend: CtcBackend; counters: Record<string, () => number> }> {
    const inner = await createReference();
    const kept: unknown[] = [];
    let handles = 0;
    const keep = <R>(r: R): R => {
      kept.push(Array.from({ length: 512 }, (_, i) => i + 0.5), new Float64Array(512));
      handles++;
      return r;
    };
    const backend: CtcBackend = {
      ...inner,
      loss: async (b, o) => keep(await inner.loss(b, o)),
      lossAndGradient: async (b, o) => keep(await inner.lossAndGradient(b, o)),
      hessianVectorProduct: async (b, d, o) => keep(await inner.hessianVectorProduct(b, d, o)),
      dispose: async () => {},
    };
    return { backend, counters: { handles: () => handles } };
  }

  it('4 KB of heap, 4 KB of ArrayBuffer and one handle kept per call: all four are reported', async () => {
    const problems = await shortSoak(await leaky());
    expect(problems.some((p) => /^heapMB: .* over 300 calls/.test(p)), problems.join('; ')).toBe(true);
    expect(problems.some((p) => /^externalMB: .* over 300 calls/.test(p)), problems.join('; ')).toBe(true);
    expect(problems).toContain('handles: 200 after warm-up, 500 after 300 more calls');
    expect(problems).toContain('handles: 500 left after dispose()');
  });

  it('a flat run passes the same limits', async () => {
    expect(await shortSoak({ backend: await createReference(), counters: {} })).toEqual([]);
  });
});
