import { seededRandom, withinTolerance } from '@seq2seq-losses/spec';
import type { LawFailure } from '../failures.js';
import type { DecodeCase } from './cases.js';
import type { BeamLawOptions, CtcDecoderUnderTest, DecodeLawScorer } from './decoder.js';
import { compareLabels, enumerateLabellings, type Labelling } from './enumerate.js';
import { decodePropertyLaw, operation, sameLabels, show, type DecodeLaw, type DecodeLawContext } from './law.js';
import { referenceLogProbs } from './minus-loss.js';

const LIMITS = { maxB: 3, maxT: 5, maxC: 4 };

/** Number of label prefixes of length <= T over C - 1 tokens: a beam this wide never prunes. */
export function allPrefixes(T: number, C: number): number {
  let n = 0;
  for (let k = 0, p = 1; k <= T; k++, p *= C - 1) n += p;
  return n;
}

/** A hotword-style scorer: a fixed log-score per token (some positive) and a per-length end score. */
export function tokenBonusScorer(C: number, seed: number): DecodeLawScorer & { bonus: Float64Array } {
  const uniform = seededRandom(seed);
  const bonus = Float64Array.from({ length: C }, () => 3 * uniform() - 1.5);
  return {
    bonus,
    initialState: () => 0,
    extend: (state, token) => ({ state: (state as number) + 1, logScore: bonus[token] }),
    finish: (state) => -0.25 * (state as number),
  };
}

async function checkAgainstEnumeration(
  decoder: CtcDecoderUnderTest,
  c: DecodeCase,
  ctx: DecodeLawContext,
  scorer: (DecodeLawScorer & { bonus: Float64Array }) | undefined,
): Promise<LawFailure[]> {
  const { C, T } = c.input.dims;
  const beamWidth = allPrefixes(T, C);
  const options: BeamLawOptions = { ...c.options, beamWidth, topPaths: Math.min(beamWidth, 6), scorer };
  const got = await operation(decoder, 'beamSearch')(c.input, options);
  const failures: LawFailure[] = [];
  const extra = (labels: ArrayLike<number>) =>
    scorer ? Array.from(labels).reduce((s, k) => s + scorer.bonus[k], 0) + scorer.finish!(labels.length) : 0;
  for (let b = 0; b < c.input.dims.B; b++) {
    const Tb = c.input.logitLength[b];
    const exact: Labelling[] = enumerateLabellings(c.z[b], Tb, C, c.blank, c.options.variant)
      .map((l) => ({ ...l, logProb: l.logProb + extra(l.labels) }))
      .sort((x, y) => y.logProb - x.logProb || compareLabels(x.labels, y.labels));
    const paths = got.paths[b];
    const want = Math.min(options.topPaths, exact.length);
    if (paths.length !== want) {
      failures.push({ case: c.name, quantity: 'beam paths', item: b, got: paths.length, expected: want });
      continue;
    }
    const minusLoss = referenceLogProbs(c.z[b], Tb, C, paths.map((p) => p.labels), c.options.variant, c.blank);
    paths.forEach((p, i) => {
      const e = exact[i];
      const nearTie = [exact[i - 1], exact[i + 1]].some((o) => o && Math.abs(o.logProb - e.logProb) < 1e3 * ctx.tolerance.atol);
      if (!nearTie && !sameLabels(p.labels, e.labels)) {
        failures.push({ case: c.name, quantity: `beam path ${i} labels`, item: b, got: show(p.labels), expected: show(e.labels) });
      }
      if (!withinTolerance(p.logProb, e.logProb, ctx.tolerance)) {
        failures.push({ case: c.name, quantity: `beam path ${i} logProb`, item: b, got: p.logProb, expected: e.logProb });
      }
      const ref = minusLoss[i] + extra(p.labels);
      if (!withinTolerance(p.logProb, ref, ctx.tolerance)) {
        failures.push({ case: c.name, quantity: `beam path ${i} logProb vs -loss (reference-cpu)`, item: b, got: p.logProb, expected: ref });
      }
    });
  }
  return failures;
}

/** A beam as wide as the number of prefixes returns the exact most probable labellings, logProb = -loss. */
export const beamExactLaw: DecodeLaw = decodePropertyLaw({
  id: 'decode/beam-exact',
  title: 'an unpruned beam returns the most probable labellings by enumeration, each with logProb = -loss',
  operations: ['beamSearch'],
  limits: LIMITS,
  check: (decoder, c, ctx) => checkAgainstEnumeration(decoder, c, ctx, undefined),
});

/** With a scorer the ranking and logProb add the scorer's scores exactly. */
export const beamScorerLaw: DecodeLaw = decodePropertyLaw({
  id: 'decode/beam-scorer',
  title: "an unpruned beam with a scorer ranks by log P + the scorer's scores, as enumeration does",
  operations: ['beamSearch'],
  limits: LIMITS,
  check: (decoder, c, ctx) => checkAgainstEnumeration(decoder, c, ctx, tokenBonusScorer(c.input.dims.C, c.input.dims.T * 31 + 7)),
});

/** A narrow beam only loses alignments: every logProb <= -loss, paths best first. */
export const beamPrunedLaw: DecodeLaw = decodePropertyLaw({
  id: 'decode/beam-pruned',
  title: 'a pruned beam never overestimates (logProb <= -loss) and returns paths best first',
  operations: ['beamSearch'],
  limits: { maxB: 3, maxT: 10, maxC: 6 },
  check: async (decoder, c, ctx) => {
    const { C } = c.input.dims;
    const got = await operation(decoder, 'beamSearch')(c.input, { ...c.options, beamWidth: 2, topPaths: 2 });
    const failures: LawFailure[] = [];
    got.paths.forEach((paths, b) => {
      const Tb = c.input.logitLength[b];
      const ref = referenceLogProbs(c.z[b], Tb, C, paths.map((p) => p.labels), c.options.variant, c.blank);
      paths.forEach((p, i) => {
        if (p.logProb > ref[i] + ctx.tolerance.atol + ctx.tolerance.rtol * Math.abs(ref[i])) {
          failures.push({ case: c.name, quantity: `beam path ${i} logProb <= -loss`, item: b, got: p.logProb, expected: ref[i] });
        }
        if (i > 0 && p.logProb > paths[i - 1].logProb) {
          failures.push({ case: c.name, quantity: `beam path ${i} order`, item: b, got: p.logProb, expected: paths[i - 1].logProb });
        }
      });
    });
    return failures;
  },
});
