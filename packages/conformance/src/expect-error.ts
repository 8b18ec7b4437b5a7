import { describeError, type CtcBackend, type CtcBatch, type CtcInputErrorCode, type CtcOptions, type FloatArray } from '@seq2seq-losses/spec';
import type { LawFailure } from './failures.js';

/** The backend methods a bad input is tried on. */
export type CtcMethod = 'loss' | 'lossAndGradient' | 'hessianVectorProduct' | 'hessian';

/** The methods of a backend that its capabilities allow. */
export function methodsOf(backend: CtcBackend): CtcMethod[] {
  const methods: CtcMethod[] = ['loss', 'lossAndGradient'];
  if (backend.capabilities.hessianVectorProduct) methods.push('hessianVectorProduct');
  if (backend.capabilities.hessian) methods.push('hessian');
  return methods;
}

/**
 * Calls `method` on a bad input; it must reject (or throw) a CtcInputError with `code` (naming
 * `argument`, when given) and return nothing. Returns the failure, or undefined when it did.
 */
export async function expectInputError(
  backend: CtcBackend,
  method: CtcMethod,
  batch: CtcBatch,
  options: CtcOptions,
  direction: FloatArray,
  code: CtcInputErrorCode,
  caseName: string,
  argument?: string,
): Promise<LawFailure | undefined> {
  const quantity = `error from ${method}()`;
  let result: unknown;
  try {
    if (method === 'hessianVectorProduct') result = await backend.hessianVectorProduct(batch, direction, options);
    else result = await backend[method](batch, options);
  } catch (error) {
    const e = error as { name?: unknown; code?: unknown; argument?: unknown };
    if (e?.name === 'CtcInputError' && e.code === code) {
      if (argument === undefined || e.argument === argument) return undefined;
      return { case: caseName, quantity, got: `${code} naming ${String(e.argument)}`, expected: `CtcInputError ${code} naming ${argument}` };
    }
    const got = e?.name === 'CtcInputError' ? String(e.code) : `${String(e?.name ?? typeof error)}: ${describeError(error)}`;
    return { case: caseName, quantity, got, expected: `CtcInputError ${code}` };
  }
  return { case: caseName, quantity, got: 'a result', expected: `CtcInputError ${code}`, message: `returned ${describeResult(result)} instead of rejecting` };
}

function describeResult(result: unknown): string {
  if (result && typeof result === 'object' && 'loss' in result) return `loss ${Array.from((result as { loss: ArrayLike<number> }).loss).join(', ')}`;
  if (result && typeof result === 'object' && 'length' in result) return `[${Array.from(result as ArrayLike<number>).join(', ')}]`;
  return String(result);
}
