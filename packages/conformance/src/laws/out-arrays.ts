import { CTC_OUT_KEYS, type CtcBackend, type CtcOptions, type CtcOut, type FloatArray } from '@seq2seq-losses/spec';
import { expectInputError, methodsOf, type CtcMethod } from '../expect-error.js';
import type { LawFailure } from '../failures.js';
import { compareOutputs, contractBatch, floatOf, startMethod, type MethodOutputs } from './contract-batch.js';
import type { CtcLaw, LawContext } from './types.js';

/** Lengths of each result of the contract batch (B=2, T=5, C=4). */
const LENGTHS: Record<keyof CtcOut, number> = { loss: 2, gradient: 40, hvp: 40, hessian: 2 * 20 * 20 };

/** Arrays for every result of `method` made by `float`, filled with NaN (so stale values show). */
function outFor(float: (n: number) => FloatArray, method: CtcMethod): Record<string, FloatArray> {
  const out: Record<string, FloatArray> = {};
  for (const key of CTC_OUT_KEYS[method]) out[key] = float(LENGTHS[key]).fill(NaN);
  return out;
}

async function checkOut(ctx: LawContext): Promise<LawFailure[]> {
  const { backend } = ctx;
  const failures: LawFailure[] = [];
  const other = backend.capabilities.precision === 'float32' ? (n: number) => new Float64Array(n) : (n: number) => new Float32Array(n);
  const kinds = [['', floatOf(backend)], [', the other float type', other]] as const;
  for (const method of methodsOf(backend)) {
    for (const [timeMajor, [kindName, float]] of [[false, kinds[0]], [true, kinds[0]], [false, kinds[1]]] as const) {
      const caseName = `options.out${timeMajor ? ', timeMajor' : ''}${kindName}`;
      const { batch, direction } = contractBatch(floatOf(backend));
      const options: CtcOptions = { timeMajor };
      const expected = await startMethod(backend, method, batch, direction, options);
      const out = outFor(float, method);
      let got: MethodOutputs;
      try {
        got = await startMethod(backend, method, batch, direction, { ...options, out } as CtcOptions);
      } catch (error) {
        failures.push({ case: caseName, quantity: `${method}()`, message: `rejected: ${String(error)}` });
        continue;
      }
      for (const key of CTC_OUT_KEYS[method]) {
        if (got[key] !== out[key]) failures.push({ case: caseName, quantity: `${key} from ${method}()`, message: 'the call did not resolve with the array given in options.out' });
      }
      // what the given arrays hold now, against a call without them (its values in the arrays' type)
      const held: MethodOutputs = Object.fromEntries(CTC_OUT_KEYS[method].map((k) => [k, out[k]]));
      const converted: MethodOutputs = Object.fromEntries(CTC_OUT_KEYS[method].map((k) => [k, expected[k] && float(LENGTHS[k]).map((_, i) => expected[k]![i])]));
      failures.push(...compareOutputs(caseName, method, held, converted, ctx.tolerance, { T: 5, C: 4 }));
    }
  }
  return failures;
}

/** Bad `out` arrays: each must be a CtcInputError INVALID_OPTION naming the array, before any work. */
async function checkBadOut(ctx: LawContext): Promise<LawFailure[]> {
  const { backend } = ctx;
  const failures: LawFailure[] = [];
  for (const method of methodsOf(backend)) {
    const { batch, direction } = contractBatch(floatOf(backend));
    const cases: Array<[string, unknown, string]> = [
      ['out.gradient is an Array', { gradient: new Array(40).fill(0) }, 'options.out.gradient'],
      ['out.loss of 3 elements for B = 2', { loss: floatOf(backend)(3) }, 'options.out.loss'],
      ['out.gradient is the logits', { gradient: batch.logits }, 'options.out.gradient'],
      ['out.loss and out.gradient share a buffer', sharing(backend), 'options.out.gradient'],
      ['out.grad (unknown key)', { grad: floatOf(backend)(40) }, 'options.out.grad'],
      ['out is an array', [floatOf(backend)(2)], 'options.out'],
    ];
    if (method === 'lossAndGradient') cases.push(['out.hvp on lossAndGradient', { hvp: floatOf(backend)(40) }, 'options.out.hvp']);
    for (const [name, out, argument] of cases) {
      const f = await expectInputError(backend, method, batch, { out } as CtcOptions, direction, 'INVALID_OPTION', name, argument);
      if (f) failures.push(f);
    }
  }
  return failures;
}

/** out.loss [2] and out.gradient [40] as views of one buffer, overlapping in their first element. */
function sharing(backend: CtcBackend): CtcOut {
  const all = floatOf(backend)(41);
  return { loss: all.subarray(0, 2), gradient: all.subarray(1, 41) };
}

/**
 * `options.out`: every method writes its results into the caller's arrays (batch-major and
 * timeMajor; of the backend's float type or the other one, converted), resolves with those same
 * arrays, and gives the values of a call without them; bad arrays (not float arrays, wrong length,
 * aliasing the logits or each other, unknown keys) are INVALID_OPTION errors naming
 * `options.out.<key>`.
 */
export const outArraysLaw: CtcLaw = {
  id: 'contract/out-arrays',
  title: 'options.out: results delivered into the caller arrays, bad arrays rejected',
  skipReason: () => undefined,
  run: async (ctx) => [...(await checkOut(ctx)), ...(await checkBadOut(ctx))],
};
