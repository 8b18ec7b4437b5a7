import { arrayKind, isFloatArrayKind, typeName } from './array-kind.js';
import type { CtcPrecision } from './backend.js';
import type { CtcDims, FloatArray } from './batch.js';
import { CtcInputError } from './errors.js';
import type { CtcOptions } from './options.js';
import { describeValue, rejectUnknownKeys } from './validate-options.js';

/**
 * Caller-owned arrays a call writes its results into (`options.out`), in the caller's layout:
 * loss [B], gradient and hvp [B, T, C] (or [T, B, C] with timeMajor), hessian [B, T, C, T, C] (or
 * [T, B, C, T, C]), each a Float32Array or Float64Array (of the backend's precision, or the values
 * are converted on the way in). The call resolves with these same arrays. Reusing them across calls saves allocating (and the operating
 * system zeroing) fresh outputs per call: at C = 5000 that is most of the cost of a fresh result.
 */
export interface CtcOut {
  readonly loss?: FloatArray;
  readonly gradient?: FloatArray;
  readonly hvp?: FloatArray;
  readonly hessian?: FloatArray;
}

export type CtcOutKey = keyof CtcOut;

/** Options of a backend method: CtcOptions, plus `out` for the results that method returns. */
export interface CtcCallOptions<K extends CtcOutKey = CtcOutKey> extends CtcOptions {
  readonly out?: Pick<CtcOut, K>;
}

/** The results each method returns, so the `out` keys it takes. */
export const CTC_OUT_KEYS = {
  loss: ['loss'],
  lossAndGradient: ['loss', 'gradient'],
  hessianVectorProduct: ['loss', 'gradient', 'hvp'],
  hessian: ['loss', 'gradient', 'hessian'],
} as const satisfies Record<string, readonly CtcOutKey[]>;

/** Whether the byte ranges of two views of the same buffer intersect. */
function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Checks `options.out` of method `fn` (keys CTC_OUT_KEYS[fn]): an object of Float32Array or
 * Float64Array of their result's length that share no memory with each other or with `inputs`
 * (logits, direction). Throws CtcInputError INVALID_OPTION naming `options.out.<key>`
 * and the numbers. Returns the arrays given (undefined for none).
 */
export function checkOutArrays(
  fn: string,
  out: unknown,
  keys: readonly CtcOutKey[],
  dims: CtcDims,
  inputs: Readonly<Record<string, ArrayBufferView | undefined>>,
): CtcOut | undefined {
  const fail = (argument: string, message: string): never => {
    throw new CtcInputError('INVALID_OPTION', fn, argument, message);
  };
  if (out === undefined) return undefined;
  if (out === null || typeof out !== 'object' || Array.isArray(out)) fail('options.out', `expected \`options.out\` to be an object of arrays, got ${describeValue(out)}`);
  rejectUnknownKeys(fn, out as object, keys, { kind: `output of ${fn}`, prefix: 'options.out.' });
  const { B, T, C } = dims;
  const lengths: Record<CtcOutKey, number> = { loss: B, gradient: B * T * C, hvp: B * T * C, hessian: B * T * C * T * C };
  const given: Array<[string, ArrayBufferView]> = [];
  const checked: Record<string, FloatArray> = {};
  for (const key of keys) {
    const a = (out as Record<string, unknown>)[key];
    if (a === undefined) continue;
    const argument = `options.out.${key}`;
    if (!isFloatArrayKind(a)) fail(argument, `expected \`${argument}\` to be a Float32Array or Float64Array, got ${typeName(a)}`);
    const array = a as FloatArray;
    if (array.length !== lengths[key]) fail(argument, `expected \`${argument}\` to have ${lengths[key]} elements (${shapeOf(key, dims)}), got ${array.length}`);
    for (const [name, other] of [...given, ...Object.entries(inputs)]) {
      if (other && overlaps(array, other)) fail(argument, `\`${argument}\` shares memory with ${name}: outputs must not alias each other or the inputs`);
    }
    given.push([argument, array]);
    checked[key] = array;
  }
  return checked;
}

function shapeOf(key: CtcOutKey, { B, T, C }: CtcDims): string {
  if (key === 'loss') return `[B] = [${B}]`;
  if (key === 'hessian') return `B T C T C = ${B}·${T}·${C}·${T}·${C}`;
  return `B T C = ${B}·${T}·${C}`;
}

/** The arrays of `out` that have the float type of `precision` (those a core may write itself). */
export function outOfPrecision(out: CtcOut, precision: CtcPrecision): CtcOut {
  const kind = precision === 'float32' ? 'Float32Array' : 'Float64Array';
  return Object.fromEntries(Object.entries(out).filter(([, a]) => arrayKind(a) === kind)) as CtcOut;
}

/**
 * The results with every array the caller gave in `out` in place of the computed one: the
 * computed values are copied in, unless the backend wrote them there itself (the same array).
 */
export function deliverInto<R extends object>(out: CtcOut | undefined, results: R): R {
  if (!out) return results;
  const delivered = { ...results } as Record<string, unknown>;
  for (const [key, target] of Object.entries(out) as Array<[string, FloatArray]>) {
    const computed = delivered[key] as FloatArray | undefined;
    if (!computed) continue;
    if (computed !== target) target.set(computed);
    delivered[key] = target;
  }
  return delivered as R;
}
