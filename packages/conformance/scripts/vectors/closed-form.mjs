// Hand-derived cases: every expected number is a closed form, not the output of a CTC lattice.
import { exampleBatch } from '@seq2seq-losses/spec';
import { batchOf, singleAlignment, stack, zeros } from './helpers.mjs';

const ln = Math.log;
const third = 1 / 3;
const uniformRow = (gamma) => gamma.map((g) => third - g); // gradient p - gamma with p = 1/3
const neg = (rows) => rows.map((r) => r.map((g) => -g));

// docs/math.md example: labels [[1,2,2,1],[1,2,1,0]], labelLength [4,3], zero logits [2,5,3], logitLength [5,4].
// classic sample 0 has one alignment (1 2 _ 2 1); sample 1's rows are docs/math.md's (4/21 = 0.190476...).
const CLASSIC_GAMMA = [
  [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 1], [0, 1, 0]],
  [[1 / 7, 6 / 7, 0], [1 / 7, 2 / 7, 4 / 7], [1 / 7, 2 / 7, 4 / 7], [1 / 7, 6 / 7, 0], [third, third, third]],
];
// simplified: one blank among the frames, every position equally likely (5 resp. 4 alignments).
const SIMPLIFIED_GAMMA = [
  [[1 / 5, 4 / 5, 0], [1 / 5, 1 / 5, 3 / 5], [1 / 5, 0, 4 / 5], [1 / 5, 1 / 5, 3 / 5], [1 / 5, 4 / 5, 0]],
  [[1 / 4, 3 / 4, 0], [1 / 4, 1 / 4, 2 / 4], [1 / 4, 1 / 4, 2 / 4], [1 / 4, 3 / 4, 0], [third, third, third]],
];
const CLASSIC_LOSS = [5 * ln(3), 4 * ln(3) - ln(7)];
const SIMPLIFIED_LOSS = [5 * ln(3) - ln(5), 4 * ln(3) - ln(4)];

/** Gradient rows of the uniform example; the padded frame 4 of sample 1 is 0. */
function exampleGradient(gamma, logProbs) {
  return gamma.flatMap((rows, b) =>
    rows.flatMap((row, t) => (b === 1 && t === 4 ? [0, 0, 0] : logProbs ? row.map((g) => -g) : uniformRow(row).map((x) => x))),
  );
}

function workedExampleCases() {
  const logProbs = exampleBatch();
  logProbs.logits.fill(-ln(3));
  return [
    { name: 'worked example, classic, zero logits', variant: 'classic', batch: exampleBatch(), expected: { loss: CLASSIC_LOSS, gradient: exampleGradient(CLASSIC_GAMMA, false) } },
    { name: 'worked example, simplified, zero logits', variant: 'simplified', batch: exampleBatch(), expected: { loss: SIMPLIFIED_LOSS, gradient: exampleGradient(SIMPLIFIED_GAMMA, false) } },
    { name: 'worked example, classic, log-probs -ln 3', variant: 'classic', inputs: 'logProbs', batch: logProbs, expected: { loss: CLASSIC_LOSS, gradient: exampleGradient(CLASSIC_GAMMA, true) } },
    { name: 'worked example, simplified, log-probs -ln 3', variant: 'simplified', inputs: 'logProbs', batch: logProbs, expected: { loss: SIMPLIFIED_LOSS, gradient: exampleGradient(SIMPLIFIED_GAMMA, true) } },
    relabelled(),
    garbagePadding(),
  ];
}

/** The classic example with the blank last (blankIndex -1 = 2): tokens 1 -> 0, 2 -> 1, columns rotated. */
function relabelled() {
  const batch = exampleBatch();
  const labels = Int32Array.from([0, 1, 1, 0, 0, 1, 0, 1]);
  const g = exampleGradient(CLASSIC_GAMMA, false);
  const rotated = [];
  for (let i = 0; i < g.length; i += 3) rotated.push(g[i + 1], g[i + 2], g[i]);
  return { name: 'worked example, classic, blank -1 (last), relabelled', variant: 'classic', blankIndex: -1, batch: { ...batch, labels }, expected: { loss: CLASSIC_LOSS, gradient: rotated } };
}

/** NaN / +-inf in sample 1's padded frame and out-of-range label padding change nothing. */
function garbagePadding() {
  const batch = exampleBatch();
  batch.logits.set([NaN, Infinity, -Infinity], (1 * 5 + 4) * 3);
  const labels = Int32Array.from([1, 2, 2, 1, 1, 2, 1, 99]);
  return { name: 'worked example, classic, garbage padding (NaN, inf, label 99)', variant: 'classic', batch: { ...batch, labels }, expected: { loss: CLASSIC_LOSS, gradient: exampleGradient(CLASSIC_GAMMA, false) } };
}

// docs/math.md's non-uniform logits (T=4, C=3); its losses are given to 6 digits.
const NON_UNIFORM = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.5], [-0.1, 0.2, 0.4], [0.0, -0.3, 0.6]];

function workedNumberCases() {
  const one = (name, variant, blankIndex, label, loss) => ({
    name: `docs/math.md worked number: ${name}`,
    variant,
    blankIndex,
    batch: batchOf([NON_UNIFORM], [label], [2], [4]),
    expected: { loss: [loss] },
    tolerance: { atol: 1e-6 },
  });
  return [
    one('classic, blank 0, label [1,2]', 'classic', 0, [1, 2], 1.193921),
    one('simplified, blank 0, label [1,2]', 'simplified', 0, [1, 2], 2.24522),
    one('classic, blank 2, label [0,1]', 'classic', 2, [0, 1], 1.467758),
    one('classic, blank 0, label [1,1]', 'classic', 0, [1, 1], 3.347848),
  ];
}

/** One alignment: classic "aba" on 3 frames; simplified "aa" on 2; with a direction for the HVP. */
function singleAlignmentCases() {
  const rows = NON_UNIFORM.slice(0, 3);
  const direction = [[0.25, -1, 0.5], [1.5, 0.75, -0.25], [-0.5, 0.125, 1]];
  const out = [];
  for (const inputs of ['logits', 'logProbs']) {
    const r = singleAlignment(rows, [1, 2, 1], 3, inputs, direction);
    out.push({
      name: `single alignment, classic "aba" in 3 frames, ${inputs}`,
      variant: 'classic',
      inputs,
      batch: batchOf([rows], [[1, 2, 1]], [3], [3]),
      direction: direction.flat(),
      expected: { loss: [r.loss], gradient: r.gradient, hvp: r.hvp, hessian: r.hessian },
    });
  }
  const withNegInf = rows.map((row, t) => (t === 0 ? [row[0], row[1], -Infinity] : row));
  const r = singleAlignment(withNegInf, [1, 2, 1], 3, 'logits', direction);
  out.push({
    name: 'single alignment, classic "aba", -inf on an unused token',
    variant: 'classic',
    batch: batchOf([withNegInf], [[1, 2, 1]], [3], [3]),
    direction: direction.flat(),
    expected: { loss: [r.loss], gradient: r.gradient, hvp: r.hvp },
  });
  const s = singleAlignment(rows.slice(0, 2), [1, 1], 2, 'logits');
  out.push({
    name: 'single alignment, simplified "aa" in 2 frames',
    variant: 'simplified',
    batch: batchOf([rows.slice(0, 2)], [[1, 1]], [2], [2]),
    expected: { loss: [s.loss], gradient: s.gradient },
  });
  return out;
}

/** logits [1e10, 0, 0], label [1], blank 0, T = 1: loss exactly 1e10 (logits) or 0 (log-probs). */
function hugeLogitCases() {
  const batch = batchOf([[[1e10, 0, 0]]], [[1]], [1], [1]);
  return [
    { name: '1e10 logits: loss exactly 1e10, gradient [1, -1, 0]', variant: 'classic', batch, direction: [1, 2, 3], expected: { loss: [1e10], gradient: [1, -1, 0], hvp: [0, 0, 0], hessian: zeros(9) } },
    { name: '1e10 log-probs: loss 0, gradient [0, -1, 0]', variant: 'classic', inputs: 'logProbs', batch, direction: [1, 2, 3], expected: { loss: [0], gradient: [0, -1, 0], hvp: [0, 0, 0], hessian: zeros(9) } },
  ];
}

/** Empty labels: loss = -sum_{t < T_b} z[t, blank]; the only alignment is all blanks. Blank 1 (middle). */
function emptyLabelCases() {
  const logits = [NON_UNIFORM, NON_UNIFORM.map((r) => r.map((x) => 2 * x))];
  const direction = [NON_UNIFORM.map((r) => r.map((x) => 1 - x)), NON_UNIFORM.map((r) => r.map((x) => x * x))];
  const parts = [4, 2].map((Tb, b) => singleAlignment(logits[b], new Array(Tb).fill(1), 4, 'logits', direction[b]));
  return ['classic', 'simplified'].map((variant) => ({
    name: `empty labels (U = 0), ${variant}, blank 1, logitLength [4, 2]`,
    variant,
    blankIndex: 1,
    batch: batchOf(logits, [[0, 2], [2, 2]], [0, 0], [4, 2]),
    direction: direction.flat(2),
    expected: { loss: stack(parts, 'loss'), gradient: stack(parts, 'gradient'), hvp: stack(parts, 'hvp') },
  }));
}

/** T_b = 0 (loss 0 for U = 0, +inf otherwise) and infeasible labels (+inf, zero gradient). */
function lengthEdgeCases() {
  const rows = NON_UNIFORM.slice(0, 3);
  const out = [];
  for (const zeroInfinity of [false, true]) {
    const inf = zeroInfinity ? 0 : Infinity;
    const allBlank = singleAlignment(rows, [0, 0, 0], 3, 'logits');
    out.push({
      name: `logitLength 0: loss 0 for an empty label, ${zeroInfinity ? '0 (zeroInfinity)' : '+inf'} otherwise`,
      variant: 'classic',
      zeroInfinity,
      batch: batchOf([rows, rows, rows], [[1, 2], [1, 2], [2, 1]], [0, 2, 0], [0, 0, 3]),
      expected: { loss: [0, inf, allBlank.loss], gradient: [...zeros(9), ...zeros(9), ...allBlank.gradient] },
    });
    const aba = singleAlignment(rows, [1, 0, 1], 3, 'logits');
    out.push({
      name: `classic repeats: T_b = U+R-1 is ${zeroInfinity ? '0 (zeroInfinity)' : '+inf'}, T_b = U+R is the single path`,
      variant: 'classic',
      zeroInfinity,
      batch: batchOf([rows, rows, rows], [[1, 1, 0], [1, 1, 0], [1, 2, 2]], [2, 2, 3], [2, 3, 3]),
      expected: { loss: [inf, aba.loss, inf], gradient: [...zeros(9), ...aba.gradient, ...zeros(9)] },
    });
    const aa = singleAlignment(rows, [1, 1], 3, 'logits');
    out.push({
      name: `simplified: label longer than T_b is ${zeroInfinity ? '0 (zeroInfinity)' : '+inf'}, U = T_b is the single path`,
      variant: 'simplified',
      zeroInfinity,
      batch: batchOf([rows, rows], [[1, 1, 2], [1, 1, 2]], [2, 3], [2, 2]),
      expected: { loss: [aa.loss, inf], gradient: [...aa.gradient, ...zeros(9)] },
    });
  }
  return out;
}

/** An all -inf valid frame makes its sample NaN; the other sample is unaffected. */
function nanSampleCase() {
  const batch = exampleBatch();
  batch.logits.fill(-Infinity, 2 * 3, 3 * 3);
  return { name: 'all -inf valid frame: that sample is NaN, the other is not', variant: 'classic', batch, expected: { loss: [NaN, CLASSIC_LOSS[1]] } };
}

/** Bad inputs a vector file can express, each with its CtcInputError code. */
function errorCases() {
  const ex = exampleBatch();
  const err = (name, code, change, blankIndex) => ({ name: `error: ${name}`, variant: 'classic', blankIndex, batch: { ...ex, ...change }, expectedError: code });
  return [
    err('logitLength > T', 'LENGTH_OUT_OF_RANGE', { logitLength: Int32Array.from([6, 4]) }),
    err('labelLength > L', 'LENGTH_OUT_OF_RANGE', { labelLength: Int32Array.from([4, 5]) }),
    err('label = C', 'LABEL_OUT_OF_RANGE', { labels: Int32Array.from([1, 2, 3, 1, 1, 2, 1, 0]) }),
    err('label < 0', 'LABEL_OUT_OF_RANGE', { labels: Int32Array.from([1, 2, 2, 1, -1, 2, 1, 0]) }),
    err('label = blank', 'BLANK_IN_LABEL', { labels: Int32Array.from([1, 2, 0, 1, 1, 2, 1, 0]) }),
    err('label = blank given as -1', 'BLANK_IN_LABEL', {}, -1),
    err('blankIndex = C', 'BLANK_OUT_OF_RANGE', {}, 3),
    err('blankIndex = -C - 1', 'BLANK_OUT_OF_RANGE', {}, -4),
  ];
}

export function closedFormCases() {
  return [
    ...workedExampleCases(),
    ...workedNumberCases(),
    ...singleAlignmentCases(),
    ...hugeLogitCases(),
    ...emptyLabelCases(),
    ...lengthEdgeCases(),
    nanSampleCase(),
    ...errorCases(),
  ];
}

