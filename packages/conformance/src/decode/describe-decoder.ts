import { describe, expect, it } from 'vitest';
import type { Tolerance } from '@seq2seq-losses/spec';
import { formatFailure } from '../failures.js';
import { runsFromEnv, seedFromEnv } from '../laws/types.js';
import { resolveTolerance } from '../tolerance.js';
import type { CtcDecoderUnderTest } from './decoder.js';
import { applicableDecodeLaws } from './laws.js';
import { loadDecodeVectors, runDecodeVector } from './vectors.js';

/**
 * Registers every applicable decode law and every decode golden vector for one decoder in the
 * calling vitest file:
 *   describeCtcDecoder('decode (cpu)', { precision: 'float64', greedy: ctcGreedyDecode, ... });
 */
export function describeCtcDecoder(
  name: string,
  create: () => Promise<CtcDecoderUnderTest> | CtcDecoderUnderTest,
  options: { tolerance?: Partial<Tolerance>; runs?: number; seed?: number; timeout?: number } = {},
): void {
  const timeout = options.timeout ?? 300_000;
  describe(`decode conformance: ${name}`, async () => {
    const decoder = await create();
    const ctx = {
      tolerance: resolveTolerance(decoder.precision, options.tolerance),
      runs: options.runs ?? runsFromEnv(),
      seed: options.seed ?? seedFromEnv(),
    };
    for (const law of applicableDecodeLaws(decoder)) {
      it(`${law.id}: ${law.title}`, async () => {
        const failures = await law.run(decoder, ctx);
        expect(failures.map(formatFailure)).toEqual([]);
      }, timeout);
    }
    for (const v of loadDecodeVectors()) {
      it(`vector ${v.name}`, async () => {
        expect((await runDecodeVector(decoder, v, ctx.tolerance)).map(formatFailure)).toEqual([]);
      }, timeout);
    }
  });
}
