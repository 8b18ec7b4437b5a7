import { describe, expect, it } from 'vitest';
import { CtcDisposedError, CtcInputError, defineCtcBackend, exampleBatch, type AcceptedCtcCall, type CtcBackendCore } from '../src/index.js';

/** A core whose loss is the sum of each sample's logits and whose gradient is the logits, after a delay. */
function fakeCore(log: string[]): CtcBackendCore {
  const wait = () => new Promise((resolve) => setTimeout(resolve, 5));
  const sums = (call: AcceptedCtcCall) => {
    const { B, T, C } = call.batch.dims;
    return Float64Array.from({ length: B }, (_, b) => call.batch.logits.subarray(b * T * C, (b + 1) * T * C).reduce((s, v) => s + v, 0));
  };
  return {
    name: 'fake',
    capabilities: { precision: 'float64', variants: ['classic'], inputModes: ['logits'], hessianVectorProduct: true, hessian: true },
    info: {},
    async loss(call) {
      await wait();
      return sums(call);
    },
    async lossAndGradient(call) {
      const loss = sums(call);
      await wait();
      return { loss, gradient: Float64Array.from(call.batch.logits) };
    },
    async hessianVectorProduct(call) {
      await wait();
      return { loss: sums(call), gradient: Float64Array.from(call.batch.logits), hvp: Float64Array.from(call.direction) };
    },
    async hessian(call) {
      const { B, T, C } = call.batch.dims;
      return { loss: sums(call), gradient: Float64Array.from(call.batch.logits), hessian: Float64Array.from({ length: B * T * C * T * C }, (_, i) => i) };
    },
    async dispose() {
      log.push('core disposed');
    },
  };
}

describe('defineCtcBackend', () => {
  it('calls in flight at dispose finish, later calls reject with CtcDisposedError, a second dispose is a no-op', async () => {
    const log: string[] = [];
    const backend = defineCtcBackend(fakeCore(log));
    const calls = Array.from({ length: 10 }, () => backend.lossAndGradient(exampleBatch()));
    const disposed = backend.dispose();
    const late = backend.loss(exampleBatch());
    await expect(late).rejects.toBeInstanceOf(CtcDisposedError);
    await expect(late).rejects.toThrow("loss: backend 'fake' was disposed");
    const results = await Promise.all(calls);
    expect(results.every((r) => r.loss.length === 2)).toBe(true);
    await disposed;
    await backend.dispose();
    expect(log).toEqual(['core disposed']);
  });

  it('transposes time-major calls in and out', async () => {
    const backend = defineCtcBackend(fakeCore([]));
    const bm = exampleBatch(); // [B=2, T=5, C=3]
    const logits = Float64Array.from(bm.logits, (_, i) => i);
    const tm = new Float64Array(30);
    for (let b = 0; b < 2; b++) for (let t = 0; t < 5; t++) for (let c = 0; c < 3; c++) tm[(t * 2 + b) * 3 + c] = logits[(b * 5 + t) * 3 + c];
    const got = await backend.hessianVectorProduct({ ...bm, logits: tm }, tm, { timeMajor: true });
    expect(Array.from(got.loss)).toEqual([105, 330]); // sums of 0..14 and 15..29: the core saw [B, T, C]
    expect(Array.from(got.gradient)).toEqual(Array.from(tm));
    expect(Array.from(got.hvp)).toEqual(Array.from(tm));
    const h = await backend.hessian({ ...bm, logits: tm }, { timeMajor: true });
    expect(h.hessian[(1 * 2 + 0) * 45]).toBe((0 * 5 + 1) * 45); // hessian[t=1, b=0, 0, 0, 0] = H[b=0, t=1, 0, 0, 0]
  });

  it('validates before the core runs: a missing direction, a too large Hessian', async () => {
    const backend = defineCtcBackend(fakeCore([]));
    await expect(backend.hessianVectorProduct(exampleBatch(), undefined as never)).rejects.toThrow(CtcInputError);
    await expect(backend.hessianVectorProduct(exampleBatch(), undefined as never)).rejects.toThrow(/`direction`/);
    const big = { logits: new Float32Array(100000), labels: Int32Array.of(1), labelLength: Int32Array.of(1), logitLength: Int32Array.of(2), dims: { B: 1, T: 2, C: 50000, L: 1 } };
    await expect(backend.hessian(big)).rejects.toMatchObject({ name: 'CtcInputError', code: 'SIZE_LIMIT' });
  });

  it('with a snapshot policy, the caller may overwrite its arrays as soon as the call returns', async () => {
    const backend = defineCtcBackend(fakeCore([]), { snapshot: true });
    const batch = { ...exampleBatch(), logits: new Float64Array(30).fill(1) };
    const pending = backend.loss(batch);
    batch.logits.fill(0);
    expect(Array.from(await pending)).toEqual([15, 15]);
  });
});

describe('defineCtcBackend with a partial core (no second-order methods)', () => {
  it('has exactly the methods the core has, each with the full call contract', async () => {
    const seen: AcceptedCtcCall[] = [];
    const backend = defineCtcBackend({
      name: 'partial',
      capabilities: { precision: 'float64', variants: ['classic'], inputModes: ['logits'], hessianVectorProduct: false, hessian: false },
      info: {},
      loss: async (call) => (seen.push(call), new Float64Array(call.batch.dims.B).fill(1)),
      lossAndGradient: async (call) => ({ loss: new Float64Array(call.batch.dims.B), gradient: new Float64Array(call.batch.logits.length) }),
      dispose: async () => {},
    });
    expect(backend.hessianVectorProduct).toBeUndefined();
    expect(backend.hessian).toBeUndefined();
    expect(Array.from(await backend.loss(exampleBatch(), { blankIndex: -3 }))).toEqual([1, 1]);
    expect(seen[0].options.blankIndex).toBe(0);
    await expect(backend.loss(exampleBatch(), { blank: 0 } as never)).rejects.toBeInstanceOf(CtcInputError);
    await backend.dispose();
    await expect(backend.lossAndGradient(exampleBatch())).rejects.toBeInstanceOf(CtcDisposedError);
  });
});
