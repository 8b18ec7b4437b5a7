import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CtcInputError, randomBatch, type CtcBackend, type CtcBatch } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct, referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { expectClose } from './support/compare.js';
import { createTestBackend } from './support/gpu.js';

// Inputs as users pass them: SharedArrayBuffer views, large offsets, float64 beyond the float32 range.
let backend: CtcBackend;
beforeAll(async () => {
  backend = await createTestBackend();
});
afterAll(() => backend.dispose());

const small = (): CtcBatch => ({
  logits: Float32Array.from({ length: 40 }, (_, i) => Math.sin(i)),
  labels: Int32Array.of(1, 2, 3, 0),
  labelLength: Int32Array.of(2, 1),
  logitLength: Int32Array.of(5, 4),
  dims: { B: 2, T: 5, C: 4, L: 2 },
});

/** A copy of `a` in a SharedArrayBuffer. */
function shared<A extends Float32Array | Float64Array | Int32Array>(a: A): A {
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => A;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** Uniform logits in [-5, 5] (seeded), [B, T, C] float64. */
function uniformLogits(B: number, T: number, C: number, seed: number): CtcBatch<Float64Array> {
  const batch = randomBatch({ seed, B, T, C, L: 10, labelLength: [8, 10], logitLength: [40, 50] });
  const logits = Float64Array.from(batch.logits, (v) => 5 * Math.tanh(v));
  return { ...batch, logits };
}

describe('webgpu inputs', () => {
  it('takes logits, labels, lengths and the direction on a SharedArrayBuffer (Dawn crashed on them)', async () => {
    const b = small();
    const want = referenceHessianVectorProduct(b, b.logits);
    const x = shared(b.logits as Float32Array);
    expectClose(await backend.loss({ ...b, logits: x }), want.loss, 'loss');
    const all = { ...b, logits: x, labels: shared(b.labels), labelLength: shared(b.labelLength), logitLength: shared(b.logitLength) };
    const got = await backend.hessianVectorProduct(all, shared(b.logits as Float32Array));
    expectClose(got.gradient, want.gradient, 'gradient');
    expectClose(got.hvp, want.hvp, 'hvp');
    const got64 = await backend.hessianVectorProduct({ ...all, logits: shared(Float64Array.from(b.logits)) }, shared(Float64Array.from(b.logits)));
    expectClose(got64.hvp, want.hvp, 'hvp (float64 views)');
  });

  it('keeps shift invariance at an offset of 1e4 (float64 and float32 inputs)', async () => {
    const base = uniformLogits(2, 50, 30, 31);
    const want = referenceLossAndGradient(base);
    const shifted64 = { ...base, logits: Float64Array.from(base.logits, (v) => v + 1e4) };
    const got64 = await backend.lossAndGradient(shifted64);
    const tight = { rtol: 1e-5, atol: 2e-6 };
    expectClose(got64.loss, want.loss, 'loss (float64 + 1e4)', tight);
    expectClose(got64.gradient, want.gradient, 'gradient (float64 + 1e4)', tight);
    // float32 inputs at 1e4 are themselves rounded (ulp 1e-3): the reference sees the same rounded values
    const x32 = Float32Array.from(shifted64.logits);
    const want32 = referenceLossAndGradient({ ...base, logits: Float64Array.from(x32) });
    const got32 = await backend.lossAndGradient({ ...base, logits: x32 });
    expectClose(got32.loss, want32.loss, 'loss (float32 + 1e4)', tight);
    expectClose(got32.gradient, want32.gradient, 'gradient (float32 + 1e4)', tight);
  });

  it('a frame of all 1e6 is a uniform frame (float32 and float64)', async () => {
    const b = small();
    const logits = Float64Array.from(b.logits);
    logits.fill(1e6, 4, 8); // sample 0, frame 1
    const want = referenceLossAndGradient({ ...b, logits });
    for (const x of [logits, Float32Array.from(logits)]) {
      const got = await backend.lossAndGradient({ ...b, logits: x });
      expectClose(got.loss, want.loss, `loss (${x.constructor.name})`, { rtol: 1e-6, atol: 1e-6 });
      expectClose(got.gradient, want.gradient, `gradient (${x.constructor.name})`, { rtol: 1e-6, atol: 1e-6 });
    }
  });

  it('computes float64 logits beyond the float32 range (1e300), and rejects such log-probs and directions with a typed error', async () => {
    const b = small();
    const logits = Float64Array.from(b.logits, (v, i) => (i >= 8 && i < 12 ? 1e300 * (1 + v / 4) : v)); // frame 2 of sample 0
    const want = referenceLossAndGradient({ ...b, logits });
    const got = await backend.lossAndGradient({ ...b, logits });
    expectClose(got.loss, want.loss, 'loss');
    expectClose(got.gradient, want.gradient, 'gradient');
    expect(Array.from(got.loss).every(Number.isFinite)).toBe(true);
    // log-probabilities: -1e300 is probability 0 in float32 too (-inf, as in float64); +1e300 has no float32 meaning
    const tiny = Float64Array.from(b.logits, (v, i) => (i === 9 ? -1e300 : v));
    const exact = referenceLossAndGradient({ ...b, logits: tiny }, { inputs: 'logProbs' });
    expectClose(await backend.loss({ ...b, logits: tiny }, { inputs: 'logProbs' }), exact.loss, 'loss of a -1e300 log-prob');
    const huge = await backend.loss({ ...b, logits: Float64Array.from(b.logits, (v, i) => (i === 9 ? 1e300 : v)) }, { inputs: 'logProbs' }).catch((e: unknown) => e);
    expect(huge).toBeInstanceOf(CtcInputError);
    expect(huge).toMatchObject({ code: 'VALUE_OUT_OF_RANGE', argument: 'logits' });
    expect((huge as Error).message).toMatch(/logits\[9\]` \(a log-probability\) to be at most 3\.4028234663852886e38 \(float32\), got 1e\+300/);
    const direction = await backend.hessianVectorProduct(b, Float64Array.from(b.logits, (v, i) => (i === 3 ? 1e300 : v))).catch((e: unknown) => e);
    expect(direction).toBeInstanceOf(CtcInputError);
    expect(direction).toMatchObject({ code: 'VALUE_OUT_OF_RANGE', argument: 'direction' });
    expect((direction as Error).message).toMatch(/direction\[3\]` within float32 range .* got 1e\+300/);
  });
});
