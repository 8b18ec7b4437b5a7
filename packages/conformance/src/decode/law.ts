import fc from 'fast-check';
import type { CtcPrecision, Tolerance } from '@seq2seq-losses/spec';
import type { LawFailure } from '../failures.js';
import { checkProperty } from '../property.js';
import { buildDecodeCase, decodeSpecArb, describeDecodeSpec, type DecodeCase, type DecodeSpec } from './cases.js';
import type { CtcDecoderUnderTest } from './decoder.js';

export type DecodeOperation = 'greedy' | 'beamSearch' | 'forcedAlign';

export interface DecodeLawContext {
  readonly tolerance: Tolerance;
  readonly runs: number;
  readonly seed: number;
}

/** A property every decoder implementing `operations` must satisfy; returns its failures. */
export interface DecodeLaw {
  readonly id: string;
  readonly title: string;
  /** The operations it calls; skipped for a decoder that lacks one. */
  readonly operations: readonly DecodeOperation[];
  run(decoder: CtcDecoderUnderTest, ctx: DecodeLawContext): Promise<LawFailure[]>;
}

/** A law checked on `runs` random tiny batches drawn by fast-check from `limits`. */
export function decodePropertyLaw(def: {
  id: string;
  title: string;
  operations: readonly DecodeOperation[];
  limits: { maxB: number; maxT: number; maxC: number; scales?: number[] };
  /** Optional change to each drawn spec (e.g. sharpen the posterior). */
  build?: (spec: DecodeSpec, precision: CtcPrecision) => DecodeCase;
  check: (decoder: CtcDecoderUnderTest, c: DecodeCase, ctx: DecodeLawContext) => Promise<LawFailure[]>;
}): DecodeLaw {
  return {
    id: def.id,
    title: def.title,
    operations: def.operations,
    run: (decoder, ctx) =>
      checkProperty(decodeSpecArb(def.limits) as fc.Arbitrary<DecodeSpec>, ctx, describeDecodeSpec, (spec) =>
        def.check(decoder, (def.build ?? buildDecodeCase)(spec, decoder.precision), ctx),
      ),
  };
}

/** The decoder's operation, checked to exist (laws are only run when it does). */
export function operation<K extends DecodeOperation>(decoder: CtcDecoderUnderTest, op: K): NonNullable<CtcDecoderUnderTest[K]> {
  const f = decoder[op];
  if (typeof f !== 'function') throw new Error(`decoder has no ${op}`);
  return f.bind(decoder) as NonNullable<CtcDecoderUnderTest[K]>;
}

/** Exact equality of two label sequences. */
export function sameLabels(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const show = (labels: ArrayLike<number>) => `[${Array.from(labels).join(',')}]`;
