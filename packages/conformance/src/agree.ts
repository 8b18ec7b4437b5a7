import type { CtcBatch, CtcOptions } from '@seq2seq-losses/spec';
import { toBackendArray, toBackendBatch } from './batch-tools.js';
import { compareQuantity, itemShape, type LawFailure } from './failures.js';
import type { LawContext } from './laws/types.js';

/** One input of a law: logits (and direction) already rounded to the backend's precision. */
export interface LawInput {
  readonly name: string;
  /** logits [B, T, C] as float64 holding values the backend can represent exactly. */
  readonly batch: CtcBatch<Float64Array>;
  readonly options: CtcOptions;
  /** [B, T, C] for HVP checks. */
  readonly direction?: Float64Array;
}

/** Which quantities to compare beyond loss and gradient. */
export interface AgreementParts {
  /** Also call loss() (default true). */
  readonly lossCall?: boolean;
  readonly hvp?: boolean;
  readonly hessian?: boolean;
}

/**
 * Runs the backend and reference-cpu on the same (precision-rounded) input and compares loss,
 * gradient and, when asked, loss(), HVP and the full Hessian within ctx.tolerance.
 */
export async function agreeWithReference(ctx: LawContext, input: LawInput, parts: AgreementParts = {}): Promise<LawFailure[]> {
  const { backend, reference, tolerance } = ctx;
  const precision = backend.capabilities.precision;
  const { T, C } = input.batch.dims;
  const failures: LawFailure[] = [];
  const compare = (quantity: string, got: ArrayLike<number>, expected: ArrayLike<number>) => {
    const f = compareQuantity(input.name, quantity, got, expected, tolerance, itemShape(quantity, T, C));
    if (f) failures.push(f);
  };
  const batch = () => toBackendBatch(input.batch, precision);

  const exp = await reference.lossAndGradient(input.batch, input.options);
  const got = await backend.lossAndGradient(batch(), input.options);
  compare('loss', got.loss, exp.loss);
  compare('gradient', got.gradient, exp.gradient);
  if (parts.lossCall !== false) compare('loss (loss())', await backend.loss(batch(), input.options), exp.loss);
  if (parts.hvp && input.direction) {
    const e = await reference.hessianVectorProduct(input.batch, input.direction, input.options);
    const g = await backend.hessianVectorProduct(batch(), toBackendArray(input.direction, precision), input.options);
    compare('hvp', g.hvp, e.hvp);
    compare('loss (hessianVectorProduct())', g.loss, e.loss);
    compare('gradient (hessianVectorProduct())', g.gradient, e.gradient);
  }
  if (parts.hessian) {
    const e = await reference.hessian(input.batch, input.options);
    const g = await backend.hessian(batch(), input.options);
    compare('hessian', g.hessian, e.hessian);
    compare('loss (hessian())', g.loss, e.loss);
    compare('gradient (hessian())', g.gradient, e.gradient);
  }
  return failures;
}
