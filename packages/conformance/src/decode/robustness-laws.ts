import { describeError, isFeasible } from '@seq2seq-losses/spec';
import type { LawFailure } from '../failures.js';
import { buildDecodeCase, withGarbage, type DecodeCase } from './cases.js';
import type { CtcDecoderUnderTest, DecodeLawInput } from './decoder.js';
import { decodePropertyLaw, type DecodeLaw, type DecodeOperation } from './law.js';

const OPERATIONS: readonly DecodeOperation[] = ['greedy', 'beamSearch', 'forcedAlign'];

/** Runs every operation the decoder has on one case; results as plain JSON-able values (NaN kept as a string). */
async function runAll(decoder: CtcDecoderUnderTest, c: DecodeCase): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : ArrayBuffer.isView(x) ? Array.from(x as Int32Array) : x));
  if (decoder.greedy) out.greedy = json(await decoder.greedy(c.input, c.options));
  if (decoder.beamSearch) out.beamSearch = json(await decoder.beamSearch(c.input, { ...c.options, beamWidth: 3, topPaths: 2 }));
  if (decoder.forcedAlign) out.forcedAlign = json(await decoder.forcedAlign(c.input, c.options));
  return out;
}

/** NaN / +-inf / huge values in padded frames and out-of-range values in padded label slots change nothing. */
export const decodePaddingLaw: DecodeLaw = {
  ...decodePropertyLaw({
    id: 'decode/padding-inert',
    title: 'padded frames and label slots are never read',
    operations: [],
    limits: { maxB: 4, maxT: 8, maxC: 5 },
    check: async (decoder, c) => {
      const clean = await runAll(decoder, c);
      const dirty = await runAll(decoder, withGarbage(c));
      return Object.keys(clean)
        .filter((op) => clean[op] !== dirty[op])
        .map((op) => ({ case: c.name, quantity: `${op} with garbage padding`, got: dirty[op], expected: clean[op] }));
    },
  }),
};

/**
 * A NaN in one valid frame of sample 0 makes its scores NaN, as the losses do (forced alignment of an
 * infeasible label stays -Infinity, as the loss stays +Infinity); other samples keep theirs.
 */
export const decodeInvalidFrameLaw: DecodeLaw = decodePropertyLaw({
  id: 'decode/invalid-frame',
  title: "a NaN in a valid frame makes that sample's scores NaN and leaves the others alone",
  operations: [],
  limits: { maxB: 3, maxT: 6, maxC: 4 },
  check: async (decoder, c) => {
    if (c.input.logitLength[0] === 0) return [];
    const logits = c.input.logits.slice();
    logits[0] = NaN; // frame (b = 0, t = 0) in either layout
    const bad = { ...c, input: { ...c.input, logits } };
    const failures: LawFailure[] = [];
    const scores = async (k: DecodeCase): Promise<Record<string, number[]>> => {
      const out: Record<string, number[]> = {};
      if (decoder.greedy) out.greedy = Array.from((await decoder.greedy(k.input, k.options)).logScore);
      if (decoder.beamSearch) out.beamSearch = (await decoder.beamSearch(k.input, { ...k.options, beamWidth: 2, topPaths: 1 })).paths.map((p) => p[0]?.logProb ?? -1);
      if (decoder.forcedAlign) out.forcedAlign = Array.from((await decoder.forcedAlign(k.input, k.options)).logScore);
      return out;
    };
    const clean = await scores(c);
    const dirty = await scores(bad);
    // As in the losses, an infeasible label is decided before the frames are read: -Infinity, not NaN.
    const label0 = c.input.labels.subarray(0, c.input.labelLength[0]);
    const feasible = isFeasible(c.options.variant, c.input.logitLength[0], label0, 0, label0.length);
    for (const op of Object.keys(clean)) {
      const expected = op === 'forcedAlign' && !feasible ? -Infinity : NaN;
      if (!Object.is(dirty[op][0], expected)) failures.push({ case: c.name, quantity: `${op} score of a NaN sample`, item: 0, got: dirty[op][0], expected: String(expected) });
      for (let b = 1; b < clean[op].length; b++) {
        if (!Object.is(clean[op][b], dirty[op][b])) failures.push({ case: c.name, quantity: `${op} score of another sample`, item: b, got: dirty[op][b], expected: clean[op][b] });
      }
    }
    return failures;
  },
});

type Mutation = { name: string; ops: readonly DecodeOperation[]; code: string; argument: string; change: (i: DecodeLawInput, o: Record<string, unknown>) => [DecodeLawInput, Record<string, unknown>] };

const MUTATIONS: readonly Mutation[] = [
  { name: 'blankIndex = C', ops: OPERATIONS, code: 'BLANK_OUT_OF_RANGE', argument: 'options.blankIndex', change: (i, o) => [i, { ...o, blankIndex: i.dims.C }] },
  { name: 'logitLength > T', ops: OPERATIONS, code: 'LENGTH_OUT_OF_RANGE', argument: 'logitLength', change: (i, o) => [{ ...i, logitLength: Int32Array.from(i.logitLength, (v, b) => (b === 0 ? i.dims.T + 1 : v)) }, o] },
  { name: 'logits too short', ops: OPERATIONS, code: 'SHAPE_MISMATCH', argument: 'logits', change: (i, o) => [{ ...i, logits: i.logits.slice(1) }, o] },
  { name: "variant 'ctc'", ops: OPERATIONS, code: 'INVALID_OPTION', argument: 'options.variant', change: (i, o) => [i, { ...o, variant: 'ctc' }] },
  { name: "timeMajor 'yes'", ops: OPERATIONS, code: 'INVALID_OPTION', argument: 'options.timeMajor', change: (i, o) => [i, { ...o, timeMajor: 'yes' }] },
  { name: 'beamWidth 0', ops: ['beamSearch'], code: 'INVALID_OPTION', argument: 'options.beamWidth', change: (i, o) => [i, { ...o, beamWidth: 0 }] },
  { name: 'label = C', ops: ['forcedAlign'], code: 'LABEL_OUT_OF_RANGE', argument: 'labels', change: (i, o) => [labelled(i, i.dims.C), o] },
  { name: 'label = blank', ops: ['forcedAlign'], code: 'BLANK_IN_LABEL', argument: 'labels', change: (i, o) => [labelled(i, ((o.blankIndex as number) + i.dims.C) % i.dims.C), o] },
];

function labelled(i: DecodeLawInput, token: number): DecodeLawInput {
  const labels = Int32Array.from(i.labels);
  const labelLength = Int32Array.from(i.labelLength);
  labels[0] = token;
  labelLength[0] = Math.max(1, labelLength[0]);
  return { ...i, labels, labelLength };
}

/** Bad input is a CtcInputError with the right code and argument, thrown (or rejected) before any work. */
export const decodeInputErrorLaw: DecodeLaw = {
  id: 'decode/input-errors',
  title: 'bad input raises CtcInputError naming the argument',
  operations: [],
  run: async (decoder) => {
    const c = buildDecodeCase({ seed: 5, B: 2, T: 4, C: 3, variant: 'classic', inputs: 'logits', timeMajor: false, blank: 'first', scale: 1 }, decoder.precision);
    const failures: LawFailure[] = [];
    for (const m of MUTATIONS) {
      for (const op of m.ops) {
        const f = decoder[op] as ((i: DecodeLawInput, o: never) => unknown) | undefined;
        if (!f) continue;
        const [input, options] = m.change(c.input, { ...c.options, beamWidth: 2, topPaths: 1 });
        try {
          await f.call(decoder, input, options as never);
          failures.push({ case: m.name, quantity: `${op} error`, message: `no error, expected ${m.code}` });
        } catch (error) {
          const e = error as { name?: string; code?: string; argument?: string };
          if (e.name !== 'CtcInputError' || e.code !== m.code || e.argument !== m.argument) {
            failures.push({ case: m.name, quantity: `${op} error`, got: `${e.name} ${e.code} ${e.argument}: ${describeError(error)}`, expected: `CtcInputError ${m.code} ${m.argument}` });
          }
        }
      }
    }
    return failures;
  },
};
