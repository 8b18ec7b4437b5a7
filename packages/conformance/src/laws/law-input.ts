import { buildBatch, describeSpec, randomDirection, specOptions, type BatchSpec } from '../arbitraries.js';
import type { LawInput } from '../agree.js';
import type { LawContext } from './types.js';

/** The law input of a spec for the backend under test (logits and direction rounded to its precision). */
export function inputOf(ctx: LawContext, spec: BatchSpec): LawInput {
  const precision = ctx.backend.capabilities.precision;
  const batch = buildBatch(spec, precision);
  return {
    name: describeSpec(spec),
    batch,
    options: specOptions(spec),
    direction: randomDirection(batch.logits.length, spec.seed, precision),
  };
}
