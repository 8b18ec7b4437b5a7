import type { CtcDims } from './batch.js';
import { CtcInputError } from './errors.js';

/** The most elements a full Hessian [B, T, C, T, C] may have: 2^31 - 1 (8 GiB in float32). */
export const MAX_HESSIAN_ELEMENTS = 2 ** 31 - 1;

/** Throws CtcInputError SIZE_LIMIT, naming the size, when B·(T·C)² exceeds MAX_HESSIAN_ELEMENTS. */
export function checkHessianSize(fn: string, dims: CtcDims): void {
  const { B, T, C } = dims;
  const elements = B * (T * C) ** 2;
  if (elements > MAX_HESSIAN_ELEMENTS) {
    throw new CtcInputError(
      'SIZE_LIMIT',
      fn,
      'logits',
      `the full Hessian [B, T, C, T, C] = [${B}, ${T}, ${C}, ${T}, ${C}] has ${elements.toExponential(3)} elements, ` +
        `more than ${MAX_HESSIAN_ELEMENTS} (2^31 - 1); use hessianVectorProduct instead`,
    );
  }
}
