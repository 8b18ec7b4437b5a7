import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withinTolerance, type Tolerance } from '@seq2seq-losses/spec';
import type { LawFailure } from '../failures.js';
import type { CtcDecoderUnderTest, DecodeLawInput, DecodeLawOptions } from './decoder.js';
import { sameLabels, show } from './law.js';

/** packages/conformance/vectors/decode.json: exact answers by enumeration of every alignment. */
export const DECODE_VECTORS_FILE = fileURLToPath(new URL('../../vectors/decode.json', import.meta.url));

type Num = number | 'Infinity' | '-Infinity' | 'NaN';

/** One case of the `decode-vectors/1` format (non-finite numbers as strings). */
export interface DecodeVectorCase {
  readonly name: string;
  readonly options: DecodeLawOptions;
  readonly dims: DecodeLawInput['dims'];
  readonly logits: Num[];
  readonly logitLength: number[];
  readonly labels: number[];
  readonly labelLength: number[];
  readonly expected: {
    readonly greedy: { readonly labels: number[][]; readonly logScore: Num[] };
    readonly beam: { readonly beamWidth: number; readonly topPaths: number; readonly paths: { labels: number[]; logProb: Num }[][] };
    readonly align: { readonly logScore: Num[]; readonly alignments: number[][] };
  };
}

export function loadDecodeVectors(path = DECODE_VECTORS_FILE): DecodeVectorCase[] {
  const file = JSON.parse(readFileSync(path, 'utf8')) as { format: string; cases: DecodeVectorCase[] };
  if (file.format !== 'decode-vectors/1') throw new Error(`${path}: expected format decode-vectors/1, got ${file.format}`);
  return file.cases;
}

const num = (v: Num): number => Number(v);

/** Runs one vector case through each operation the decoder has; returns its failures. */
export async function runDecodeVector(decoder: CtcDecoderUnderTest, v: DecodeVectorCase, tol: Tolerance): Promise<LawFailure[]> {
  const values = v.logits.map(num);
  const input: DecodeLawInput = {
    logits: decoder.precision === 'float32' ? Float32Array.from(values) : Float64Array.from(values),
    logitLength: Int32Array.from(v.logitLength),
    labels: Int32Array.from(v.labels),
    labelLength: Int32Array.from(v.labelLength),
    dims: v.dims,
  };
  const failures: LawFailure[] = [];
  const score = (quantity: string, item: number, got: number, expected: Num) => {
    if (!withinTolerance(got, num(expected), tol)) failures.push({ case: v.name, quantity, item, got, expected: num(expected) });
  };
  const labels = (quantity: string, item: number, got: ArrayLike<number>, expected: number[]) => {
    if (!sameLabels(got, expected)) failures.push({ case: v.name, quantity, item, got: show(got), expected: show(expected) });
  };
  if (decoder.greedy) {
    const g = await decoder.greedy(input, v.options);
    v.expected.greedy.labels.forEach((l, b) => labels('greedy labels', b, g.labels[b], l));
    v.expected.greedy.logScore.forEach((s, b) => score('greedy logScore', b, g.logScore[b], s));
  }
  if (decoder.beamSearch) {
    const { beamWidth, topPaths } = v.expected.beam;
    const r = await decoder.beamSearch(input, { ...v.options, beamWidth, topPaths });
    v.expected.beam.paths.forEach((paths, b) => {
      if (r.paths[b].length !== paths.length) failures.push({ case: v.name, quantity: 'beam paths', item: b, got: r.paths[b].length, expected: paths.length });
      paths.forEach((p, i) => {
        if (!r.paths[b][i]) return;
        labels(`beam path ${i} labels`, b, r.paths[b][i].labels, p.labels);
        score(`beam path ${i} logProb`, b, r.paths[b][i].logProb, p.logProb);
      });
    });
  }
  if (decoder.forcedAlign) {
    const a = await decoder.forcedAlign(input, v.options);
    v.expected.align.logScore.forEach((s, b) => score('align logScore', b, a.logScore[b], s));
    v.expected.align.alignments.forEach((al, b) => labels('alignment', b, a.alignments[b], al));
  }
  return failures;
}
