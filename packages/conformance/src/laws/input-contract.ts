import { runInNewContext } from 'node:vm';
import type { CtcBatch, FloatArray } from '@seq2seq-losses/spec';
import { methodsOf, type CtcMethod } from '../expect-error.js';
import type { LawFailure } from '../failures.js';
import { compareOutputs, contractBatch, floatOf, startMethod, type MethodOutputs } from './contract-batch.js';
import type { CtcLaw, LawContext } from './types.js';

/** Runs every method on the base call's arrays made by `arrange`, comparing with plain arrays. */
async function sameAsPlain(
  ctx: LawContext,
  caseName: string,
  arrange: (batch: CtcBatch, direction: FloatArray) => { batch: CtcBatch; direction: FloatArray },
): Promise<LawFailure[]> {
  const { backend } = ctx;
  const failures: LawFailure[] = [];
  for (const method of methodsOf(backend)) {
    const plain = contractBatch(floatOf(backend));
    const expected = await startMethod(backend, method, plain.batch, plain.direction);
    const other = arrange(plain.batch, plain.direction);
    failures.push(...(await settle(caseName, method, startMethod(backend, method, other.batch, other.direction), expected, ctx)));
  }
  return failures;
}

/** Awaits a call and compares it, turning a rejection into a failure. */
async function settle(caseName: string, method: CtcMethod, pending: Promise<MethodOutputs>, expected: MethodOutputs, ctx: LawContext): Promise<LawFailure[]> {
  try {
    return compareOutputs(caseName, method, await pending, expected, ctx.tolerance, { T: 5, C: 4 });
  } catch (error) {
    return [{ case: caseName, quantity: `${method}()`, message: `rejected: ${String(error)}` }];
  }
}

/** A copy of a typed array on a SharedArrayBuffer. */
function onShared<A extends Float32Array | Float64Array | Int32Array>(x: A): A {
  const Ctor = x.constructor as new (buffer: SharedArrayBuffer) => A;
  const out = new Ctor(new SharedArrayBuffer(x.byteLength));
  out.set(x);
  return out;
}

/** A copy of a typed array made in another realm (a `vm` context): `instanceof` fails on it. */
function fromOtherRealm<A extends Float32Array | Float64Array | Int32Array>(x: A): A {
  return runInNewContext(`${x.constructor.name}.from(values)`, { values: Array.from(x) }) as A;
}

const mapArrays = (
  f: <A extends Float32Array | Float64Array | Int32Array>(x: A) => A,
): ((batch: CtcBatch, direction: FloatArray) => { batch: CtcBatch; direction: FloatArray }) =>
  (batch, direction) => ({
    batch: { logits: f(batch.logits), labels: f(batch.labels), labelLength: f(batch.labelLength), logitLength: f(batch.logitLength), dims: batch.dims },
    direction: f(direction),
  });

/** Inputs on SharedArrayBuffers (logits, labels, lengths, direction) give the results of plain arrays. */
export const sharedBuffersLaw: CtcLaw = {
  id: 'contract/shared-buffers',
  title: 'inputs on SharedArrayBuffers give the results of plain arrays',
  skipReason: () => undefined,
  run: (ctx) => sameAsPlain(ctx, 'every input on a SharedArrayBuffer', mapArrays(onShared)),
};

/** Typed arrays from another realm (a vm context, an iframe) are accepted and give the same results. */
export const otherRealmLaw: CtcLaw = {
  id: 'contract/other-realm',
  title: 'typed arrays from another realm are accepted',
  skipReason: () => undefined,
  run: (ctx) => sameAsPlain(ctx, 'every input from a vm context', mapArrays(fromOtherRealm)),
};

/**
 * A call owns its inputs once it has returned its promise: overwriting logits, labels, lengths and
 * direction before awaiting (logits zeroed, labels[0] = 1000, logitLength[0] = 100000) changes nothing.
 */
export const inputsSnapshotLaw: CtcLaw = {
  id: 'contract/inputs-snapshot',
  title: 'overwriting the inputs after the call returns its promise changes nothing',
  skipReason: () => undefined,
  run: async (ctx) => {
    const { backend } = ctx;
    const failures: LawFailure[] = [];
    for (const method of methodsOf(backend)) {
      const expected = contractBatch(floatOf(backend));
      const want = await startMethod(backend, method, expected.batch, expected.direction);
      const { batch, direction } = contractBatch(floatOf(backend));
      const pending = startMethod(backend, method, batch, direction);
      batch.logits.fill(0);
      direction.fill(0);
      batch.labels[0] = 1000;
      batch.labelLength[1] = 2;
      batch.logitLength[0] = 100000;
      failures.push(...(await settle('inputs overwritten before the await', method, pending, want, ctx)));
    }
    return failures;
  },
};

/**
 * Float64Array logits beyond float32 range agree with the float64 reference on every backend, float32
 * ones included (no silent NaN): sample 0's first frame holds 1e300, sample 1's second frame lies
 * around -1e300 (spread 1e290).
 */
export const beyondFloat32Law: CtcLaw = {
  id: 'contract/beyond-float32',
  title: 'float64 logits beyond float32 range agree with the reference (no NaN)',
  skipReason: (caps) => (caps.inputModes.includes('logits') ? undefined : `capability: inputModes=${caps.inputModes.join('|')}`),
  run: async (ctx) => {
    const { backend, reference } = ctx;
    const failures: LawFailure[] = [];
    for (const method of methodsOf(backend)) {
      const make = () => {
        const call = contractBatch((n) => new Float64Array(n));
        const logits = call.batch.logits;
        logits[0] = 1e300;
        for (let c = 0; c < 4; c++) logits[(1 * 5 + 1) * 4 + c] = -1e300 - c * 1e290;
        return call;
      };
      const ref = make();
      const want = await startMethod(reference, method, ref.batch, ref.direction, { inputs: 'logits' });
      const got = make();
      failures.push(...(await settle('logits 1e300 and -1e300 (Float64Array)', method, startMethod(backend, method, got.batch, got.direction, { inputs: 'logits' }), want, ctx)));
    }
    return failures;
  },
};

/** A Hessian too large to allocate (B=1, T=2, C=50000: 1e10 elements) is CtcInputError SIZE_LIMIT, not a RangeError. */
export const hessianSizeLaw: CtcLaw = {
  id: 'contract/hessian-size',
  title: 'a Hessian too large to allocate is CtcInputError SIZE_LIMIT',
  skipReason: (caps) => (caps.hessian ? undefined : 'capability: hessian=false'),
  run: async ({ backend }) => {
    const C = 50000;
    const logits = floatOf(backend)(2 * C);
    const batch: CtcBatch = { logits, labels: Int32Array.of(1), labelLength: Int32Array.of(1), logitLength: Int32Array.of(2), dims: { B: 1, T: 2, C, L: 1 } };
    const caseName = 'hessian of B=1 T=2 C=50000';
    try {
      await backend.hessian(batch);
    } catch (error) {
      const e = error as { name?: string; code?: string; message?: string };
      if (e?.name === 'CtcInputError' && e.code === 'SIZE_LIMIT' && /1\.000e\+10/.test(e.message ?? '')) return [];
      return [{ case: caseName, quantity: 'error from hessian()', got: `${e?.name}: ${e?.message}`, expected: 'CtcInputError SIZE_LIMIT naming 1.000e+10 elements' }];
    }
    return [{ case: caseName, quantity: 'error from hessian()', got: 'a result', expected: 'CtcInputError SIZE_LIMIT' }];
  },
};
