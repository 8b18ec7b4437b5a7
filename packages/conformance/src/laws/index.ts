import { CTC_INPUT_MODES, CTC_VARIANTS } from '@seq2seq-losses/spec';
import { agreementLaw, hessianAgreementLaw, hvpAgreementLaw } from './agreement.js';
import { batchStructureLaw } from './batch-structure.js';
import { concurrencyLaw } from './concurrency.js';
import { concurrentFailureLaw } from './concurrent-failure.js';
import { declaredCapabilitiesLaw } from './declared.js';
import { determinismLaw } from './determinism.js';
import { disposeLaw } from './dispose.js';
import { negInfLaw, spreadLaw } from './extremes.js';
import { hugeMixLaw } from './huge.js';
import { hvpAlgebraLaw } from './hvp-algebra.js';
import { beyondFloat32Law, hessianSizeLaw, inputsSnapshotLaw, otherRealmLaw, sharedBuffersLaw } from './input-contract.js';
import { inputErrorsLaw } from './input-errors.js';
import { rowSumLaw, shiftInvarianceLaw } from './invariance.js';
import { longTLaw } from './long-t.js';
import { outArraysLaw } from './out-arrays.js';
import { paddingLaw } from './padding.js';
import { timeMajorLaw } from './time-major.js';
import type { CtcLaw } from './types.js';

export * from './types.js';
export { withGarbagePadding } from './padding.js';

/** Every law of the suite, in the order they run. */
export const CTC_LAWS: readonly CtcLaw[] = [
  declaredCapabilitiesLaw,
  ...CTC_VARIANTS.flatMap((variant) => CTC_INPUT_MODES.map((inputs) => agreementLaw(variant, inputs))),
  hvpAgreementLaw,
  hessianAgreementLaw,
  negInfLaw,
  spreadLaw(1e3, '1e3'),
  spreadLaw(1e10, '1e10'),
  spreadLaw(1e30, '1e30'),
  hugeMixLaw,
  longTLaw,
  paddingLaw,
  batchStructureLaw,
  shiftInvarianceLaw,
  rowSumLaw,
  hvpAlgebraLaw,
  determinismLaw,
  concurrencyLaw,
  concurrentFailureLaw,
  inputErrorsLaw,
  timeMajorLaw,
  outArraysLaw,
  sharedBuffersLaw,
  otherRealmLaw,
  inputsSnapshotLaw,
  beyondFloat32Law,
  hessianSizeLaw,
  disposeLaw,
];
