import type { CtcCapabilities, CtcInputMode, CtcVariant } from '@seq2seq-losses/spec';

/** What a law needs from a backend. */
export interface LawNeeds {
  readonly variant?: CtcVariant;
  readonly inputs?: CtcInputMode;
  readonly hessianVectorProduct?: boolean;
  readonly hessian?: boolean;
}

/** The capability that rules a law out, written like 'capability: hessian=false', or undefined. */
export function missingCapability(caps: CtcCapabilities, needs: LawNeeds): string | undefined {
  if (needs.variant && !caps.variants.includes(needs.variant)) return `capability: variants=${caps.variants.join('|')}`;
  if (needs.inputs && !caps.inputModes.includes(needs.inputs)) return `capability: inputModes=${caps.inputModes.join('|')}`;
  if (needs.hessianVectorProduct && !caps.hessianVectorProduct) return 'capability: hessianVectorProduct=false';
  if (needs.hessian && !caps.hessian) return 'capability: hessian=false';
  return undefined;
}
