import { batchSpecArb, describeSpec, type BatchLimits, type BatchSpec } from '../arbitraries.js';
import type { LawFailure } from '../failures.js';
import { checkProperty } from '../property.js';
import { missingCapability, type LawNeeds } from './capability.js';
import type { CtcLaw, LawContext } from './types.js';

/** A law checked on fast-check draws of batch specs. */
export interface PropertyLawSpec {
  readonly id: string;
  readonly title: string;
  readonly needs?: LawNeeds;
  /** Shape limits; variants and input modes default to the backend's declared ones. */
  readonly limits: Omit<BatchLimits, 'variants' | 'inputModes'> & Partial<Pick<BatchLimits, 'variants' | 'inputModes'>>;
  /** Runs for this law (default ctx.runs). */
  readonly runs?: (ctx: LawContext) => number;
  /** How a failing input is named (default describeSpec). */
  readonly name?: (spec: BatchSpec) => string;
  readonly check: (ctx: LawContext, spec: BatchSpec) => Promise<LawFailure[]>;
}

export function propertyLaw(law: PropertyLawSpec): CtcLaw {
  return {
    id: law.id,
    title: law.title,
    skipReason: (caps) => missingCapability(caps, law.needs ?? {}),
    run: (ctx) => {
      const caps = ctx.backend.capabilities;
      const arb = batchSpecArb({ variants: caps.variants, inputModes: caps.inputModes, ...law.limits });
      const options = { runs: law.runs?.(ctx) ?? ctx.runs, seed: ctx.seed };
      return checkProperty(arb, options, law.name ?? describeSpec, (spec) => law.check(ctx, spec));
    },
  };
}
