import type { CtcInputMode, CtcVariant } from '@seq2seq-losses/spec';
import { agreeWithReference } from '../agree.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw } from './types.js';

/**
 * loss() and lossAndGradient() agree with reference-cpu on arbitrary batches of one variant and
 * input mode: B 1..6, T 0..40, C 2..12, label lengths 0..T (infeasible ones included), repeated
 * labels, blank at 0 / C-1 / middle / negative, zeroInfinity on and off.
 */
export function agreementLaw(variant: CtcVariant, inputs: CtcInputMode): CtcLaw {
  return propertyLaw({
    id: `agreement/${variant}/${inputs}`,
    title: `loss and gradient agree with reference-cpu (${variant}, ${inputs})`,
    needs: { variant, inputs },
    limits: { maxB: 6, maxT: 40, maxC: 12, variants: [variant], inputModes: [inputs] },
    check: (ctx, spec) => agreeWithReference(ctx, inputOf(ctx, spec)),
  });
}

/** hessianVectorProduct agrees with reference-cpu (HVP, loss, gradient); every supported variant and mode. */
export const hvpAgreementLaw: CtcLaw = propertyLaw({
  id: 'agreement/hvp',
  title: 'Hessian-vector products agree with reference-cpu',
  needs: { hessianVectorProduct: true },
  limits: { maxB: 4, maxT: 24, maxC: 8 },
  check: (ctx, spec) => agreeWithReference(ctx, inputOf(ctx, spec), { lossCall: false, hvp: true }),
});

/** The full Hessian (and the HVP where supported) agrees with reference-cpu on small shapes, T*C <= 60. */
export const hessianAgreementLaw: CtcLaw = propertyLaw({
  id: 'agreement/hessian',
  title: 'full Hessians agree with reference-cpu (T*C <= 60)',
  needs: { hessian: true },
  limits: { maxB: 2, minT: 1, maxT: 10, maxC: 6, maxTC: 60 },
  runs: (ctx) => Math.max(3, Math.ceil(ctx.runs / 2)),
  check: (ctx, spec) =>
    agreeWithReference(ctx, inputOf(ctx, spec), { lossCall: false, hessian: true, hvp: ctx.backend.capabilities.hessianVectorProduct }),
});
