import { referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { randomInt, seededRandom, withinTolerance, type CtcPrecision } from '@seq2seq-losses/spec';
import { randomAlignment } from '../alignment.js';
import type { LawFailure } from '../failures.js';
import { buildDecodeCase, labelOf, toTimeMajor, type DecodeCase, type DecodeSpec } from './cases.js';
import type { AlignOutput } from './decoder.js';
import { collapse, enumerateLabellings } from './enumerate.js';
import { decodePropertyLaw, operation, sameLabels, show, type DecodeLaw, type DecodeLawContext } from './law.js';

/** Alignment, score and spans of sample b agree with themselves: collapse = label, path score = logScore. */
function checkAlignmentShape(c: DecodeCase, got: AlignOutput, b: number, ctx: DecodeLawContext, failures: LawFailure[]): void {
  const { C } = c.input.dims;
  const Tb = c.input.logitLength[b];
  const label = labelOf(c.input, b);
  const a = got.alignments[b];
  if (a.length !== Tb) {
    failures.push({ case: c.name, quantity: 'alignment length', item: b, got: a.length, expected: Tb });
    return;
  }
  if (got.logScore[b] === -Infinity) {
    if (Array.from(a).some((v) => v !== -1)) failures.push({ case: c.name, quantity: 'infeasible alignment is -1', item: b, got: show(a) });
    return;
  }
  const collapsed = collapse(Array.from(a), c.options.variant, c.blank);
  if (!sameLabels(collapsed, label)) {
    failures.push({ case: c.name, quantity: 'alignment collapses to the label', item: b, got: show(collapsed), expected: show(label) });
  }
  let score = 0;
  for (let t = 0; t < Tb; t++) score += c.z[b][t * C + a[t]];
  if (!withinTolerance(score, got.logScore[b], ctx.tolerance)) {
    failures.push({ case: c.name, quantity: "alignment's path score = logScore", item: b, got: score, expected: got.logScore[b] });
  }
  const spans = got.spans?.[b];
  if (spans === undefined) return;
  if (spans.length !== label.length) {
    failures.push({ case: c.name, quantity: 'span count', item: b, got: spans.length, expected: label.length });
    return;
  }
  let previousEnd = 0;
  spans.forEach((s, u) => {
    let sum = 0;
    let ok = s.token === label[u] && s.start >= previousEnd && s.end > s.start && s.end <= Tb;
    for (let t = s.start; ok && t < s.end; t++) {
      ok = a[t] === s.token;
      sum += Math.exp(c.z[b][t * C + s.token]);
    }
    if (ok && c.options.variant === 'classic') ok = (s.start === 0 || a[s.start - 1] !== s.token) && (s.end === Tb || a[s.end] !== s.token);
    if (!ok) failures.push({ case: c.name, quantity: `span ${u}`, item: b, got: JSON.stringify(s), message: `alignment ${show(a)}` });
    else if (!withinTolerance(s.score, sum / (s.end - s.start), ctx.tolerance)) {
      failures.push({ case: c.name, quantity: `span ${u} score`, item: b, got: s.score, expected: sum / (s.end - s.start) });
    }
    previousEnd = s.end;
  });
}

/** logScore = the best single path of the label found by enumeration (-Infinity when none). */
export const alignBestPathLaw: DecodeLaw = decodePropertyLaw({
  id: 'decode/align-best-path',
  title: "forced alignment's score is the best single path by enumeration; its alignment collapses to the label",
  operations: ['forcedAlign'],
  limits: { maxB: 3, maxT: 6, maxC: 4 },
  check: async (decoder, c, ctx) => {
    const got = await operation(decoder, 'forcedAlign')(c.input, c.options);
    const failures: LawFailure[] = [];
    for (let b = 0; b < c.input.dims.B; b++) {
      const Tb = c.input.logitLength[b];
      const label = labelOf(c.input, b);
      const match = enumerateLabellings(c.z[b], Tb, c.input.dims.C, c.blank, c.options.variant).find((l) => sameLabels(l.labels, label));
      const expected = match?.bestPath ?? -Infinity;
      if (!withinTolerance(got.logScore[b], expected, ctx.tolerance)) {
        failures.push({ case: c.name, quantity: 'align logScore', item: b, got: got.logScore[b], expected });
      }
      checkAlignmentShape(c, got, b, ctx, failures);
    }
    return failures;
  },
});

/** A case whose posterior is sharp: logits peaked (+12) on a random alignment of each sample's label. */
export function buildSharpCase(spec: DecodeSpec, precision: CtcPrecision): DecodeCase {
  const base = buildDecodeCase({ ...spec, inputs: 'logits', timeMajor: false }, precision);
  const { B, T, C, L } = base.input.dims;
  const uniform = seededRandom(spec.seed ^ 0x5bd1e995);
  const logits = Float64Array.from(base.input.logits); // [B, T, C]
  const labelLength = Int32Array.from(base.input.labelLength);
  for (let b = 0; b < B; b++) {
    const Tb = base.input.logitLength[b];
    labelLength[b] = Math.min(labelLength[b], Tb >> 1);
    const pi = randomAlignment(spec.variant, base.input.labels.subarray(b * L, b * L + labelLength[b]), Tb, base.blank, () => uniform())!;
    for (let t = 0; t < Tb; t++) logits[(b * T + t) * C + pi[t]] += 12 + randomInt(uniform, 0, 3);
  }
  const z = Array.from(base.input.logitLength, (Tb, b) => {
    const out = new Float64Array(Tb * C);
    for (let t = 0; t < Tb; t++) {
      const o = (b * T + t) * C;
      let m = -Infinity;
      for (let k = 0; k < C; k++) m = Math.max(m, logits[o + k]);
      let s = 0;
      for (let k = 0; k < C; k++) s += Math.exp(logits[o + k] - m);
      for (let k = 0; k < C; k++) out[t * C + k] = logits[o + k] - m - Math.log(s);
    }
    return out;
  });
  const source = spec.timeMajor ? toTimeMajor(logits, B, T, C) : logits;
  const rounded = precision === 'float32' ? Float32Array.from(source) : source;
  return {
    ...base,
    name: `${base.name} sharp`,
    input: { ...base.input, logits: rounded, labelLength },
    options: { ...base.options, timeMajor: spec.timeMajor },
    z,
  };
}

/** Where the occupancy is sharp (max_c gamma[t, c] > 0.99), the alignment picks its argmax. */
export const alignOccupancyLaw: DecodeLaw = decodePropertyLaw({
  id: 'decode/align-occupancy',
  title: 'forced alignment agrees with the occupancy argmax (reference-cpu) where the posterior is sharp',
  operations: ['forcedAlign'],
  limits: { maxB: 3, maxT: 14, maxC: 6 },
  build: buildSharpCase,
  check: async (decoder, c, ctx) => {
    const got = await operation(decoder, 'forcedAlign')(c.input, c.options);
    const { B, T, C, L } = c.input.dims;
    const logProbs = new Float64Array(B * T * C);
    c.z.forEach((z, b) => logProbs.set(z, b * T * C));
    const batch = { logits: logProbs, labels: c.input.labels, labelLength: c.input.labelLength, logitLength: c.input.logitLength, dims: { B, T, C, L } };
    const { gradient } = referenceLossAndGradient(batch, { variant: c.options.variant, blankIndex: c.blank, inputs: 'logProbs' });
    const failures: LawFailure[] = [];
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < c.input.logitLength[b]; t++) {
        let best = 0;
        for (let k = 1; k < C; k++) if (-gradient[(b * T + t) * C + k] > -gradient[(b * T + t) * C + best]) best = k;
        const gamma = -gradient[(b * T + t) * C + best]; // occupancy = -dL/dz
        if (gamma > 0.99 && got.alignments[b][t] !== best) {
          failures.push({ case: c.name, quantity: 'alignment vs occupancy argmax', item: b, index: [t], got: got.alignments[b][t], expected: best });
        }
      }
      checkAlignmentShape(c, got, b, ctx, failures);
    }
    return failures;
  },
});
