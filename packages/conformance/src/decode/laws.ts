import { DEFAULT_RUNS, DEFAULT_SEED } from '../laws/types.js';
import type { LawFailure } from '../failures.js';
import { resolveTolerance } from '../tolerance.js';
import { alignBestPathLaw, alignOccupancyLaw } from './align-laws.js';
import { beamExactLaw, beamPrunedLaw, beamScorerLaw } from './beam-laws.js';
import type { CtcDecoderUnderTest } from './decoder.js';
import { greedyArgmaxLaw } from './greedy-laws.js';
import type { DecodeLaw, DecodeLawContext } from './law.js';
import { decodeInputErrorLaw, decodeInvalidFrameLaw, decodePaddingLaw } from './robustness-laws.js';

/** Every decode law; each applies to a decoder that has the operations it names. */
export const DECODE_LAWS: readonly DecodeLaw[] = [
  greedyArgmaxLaw,
  beamExactLaw,
  beamScorerLaw,
  beamPrunedLaw,
  alignBestPathLaw,
  alignOccupancyLaw,
  decodePaddingLaw,
  decodeInvalidFrameLaw,
  decodeInputErrorLaw,
];

/** The laws that apply to this decoder. */
export function applicableDecodeLaws(decoder: CtcDecoderUnderTest): DecodeLaw[] {
  return DECODE_LAWS.filter((law) => law.operations.every((op) => typeof decoder[op] === 'function'));
}

/** Runs every applicable law; failures by law id (empty lists where a law holds). */
export async function runDecodeLaws(
  decoder: CtcDecoderUnderTest,
  options: Partial<DecodeLawContext> = {},
): Promise<Record<string, LawFailure[]>> {
  const ctx: DecodeLawContext = {
    tolerance: options.tolerance ?? resolveTolerance(decoder.precision),
    runs: options.runs ?? DEFAULT_RUNS,
    seed: options.seed ?? DEFAULT_SEED,
  };
  const out: Record<string, LawFailure[]> = {};
  for (const law of applicableDecodeLaws(decoder)) out[law.id] = await law.run(decoder, ctx);
  return out;
}
