import { CtcInputError, isFeasible, logSoftmaxFrame, validateCtcCall } from '@seq2seq-losses/spec';
import type { BeamLawOptions, CtcDecoderUnderTest, DecodeLawInput, DecodeLawOptions } from '../../src/decode/decoder.js';
import { collapse, compareLabels, enumerateLabellings } from '../../src/decode/enumerate.js';

/** Per sample [T_b, C] log-probabilities, or null for a sample with an invalid frame. */
function sampleFrames(fn: string, input: DecodeLawInput, o: DecodeLawOptions & { beamWidth?: number }, ignoreLengths = false) {
  if (typeof o.timeMajor !== 'boolean') throw new CtcInputError('INVALID_OPTION', fn, 'options.timeMajor', 'timeMajor');
  if (o.beamWidth !== undefined && !(o.beamWidth >= 1)) throw new CtcInputError('INVALID_OPTION', fn, 'options.beamWidth', 'beamWidth');
  const r = validateCtcCall(fn, input, { variant: o.variant, blankIndex: o.blankIndex, inputs: o.inputs });
  const { B, T, C } = input.dims;
  const z = Array.from({ length: B }, (_, b) => {
    const Tb = ignoreLengths ? T : input.logitLength[b];
    const out = new Float64Array(Tb * C);
    for (let t = 0; t < Tb; t++) {
      const src = o.timeMajor ? (t * B + b) * C : (b * T + t) * C;
      if (r.inputs === 'logits') logSoftmaxFrame(input.logits, src, C, out, t * C);
      else out.set(input.logits.subarray(src, src + C), t * C);
      const row = Array.from(out.subarray(t * C, (t + 1) * C));
      if (row.some((v) => v !== v || v === Infinity) || row.every((v) => v === -Infinity)) return null;
    }
    return out;
  });
  return { z, blank: r.blankIndex, variant: r.variant, C };
}

/** Knobs that break the oracle in one known way (for the laws-can-fail tests). */
export interface OracleBugs {
  readonly noMerge?: boolean;
  readonly maxInsteadOfSum?: boolean;
  readonly sumInsteadOfMax?: boolean;
  readonly readsPadding?: boolean;
  readonly noValidation?: boolean;
}

/** A decoder that answers by enumerating every alignment: correct by construction, unless `bugs`. */
export function enumerationDecoder(bugs: OracleBugs = {}): CtcDecoderUnderTest {
  const frames = (fn: string, input: DecodeLawInput, o: DecodeLawOptions & { beamWidth?: number }) => {
    if (!bugs.noValidation) return sampleFrames(fn, input, o, bugs.readsPadding);
    const C = input.dims.C;
    return sampleFrames(fn, input, { ...o, blankIndex: ((o.blankIndex % C) + C) % C, variant: o.variant === 'simplified' ? 'simplified' : 'classic', timeMajor: o.timeMajor === true, beamWidth: undefined }, bugs.readsPadding);
  };
  return {
    precision: 'float64',
    greedy(input, o) {
      const f = frames('greedy', input, o);
      const labels: number[][] = [];
      const logScore = f.z.map((z, b) => {
        if (z === null) return labels.push([]), NaN;
        const Tb = z.length / f.C;
        const path: number[] = [];
        let score = 0;
        for (let t = 0; t < Tb; t++) {
          let best = 0;
          for (let c = 1; c < f.C; c++) if (z[t * f.C + c] > z[t * f.C + best]) best = c;
          path.push(best);
          score += z[t * f.C + best];
        }
        labels.push(collapse(path, bugs.noMerge ? 'simplified' : f.variant, f.blank));
        void b;
        return score;
      });
      return { labels, logScore };
    },
    beamSearch(input, o: BeamLawOptions) {
      const f = frames('beamSearch', input, o);
      const extra = (labels: number[]) => {
        if (!o.scorer) return 0;
        let state = o.scorer.initialState();
        let sum = 0;
        for (const k of labels) {
          const r = o.scorer.extend(state, k);
          state = r.state;
          sum += r.logScore;
        }
        return sum + (o.scorer.finish?.(state) ?? 0);
      };
      const paths = f.z.map((z) => {
        if (z === null) return [{ labels: [], logProb: NaN }];
        return enumerateLabellings(z, z.length / f.C, f.C, f.blank, f.variant)
          .map((l) => ({ labels: l.labels, logProb: (bugs.maxInsteadOfSum ? l.bestPath : l.logProb) + extra(l.labels) }))
          .sort((a, b) => b.logProb - a.logProb || compareLabels(a.labels, b.labels))
          .slice(0, o.topPaths);
      });
      return { paths };
    },
    forcedAlign(input, o) {
      const f = frames('forcedAlign', input, o);
      const L = input.dims.L;
      const alignments: number[][] = [];
      const spans: { token: number; start: number; end: number; score: number }[][] = [];
      const logScore = f.z.map((z, b) => {
        const Tb = input.logitLength[b];
        const label = Array.from(input.labels.subarray(b * L, b * L + input.labelLength[b]));
        const none = (score: number) => (alignments.push(new Array(Tb).fill(-1)), spans.push([]), score);
        if (!isFeasible(f.variant, Tb, label, 0, label.length)) return none(-Infinity);
        if (z === null) return none(NaN);
        const match = enumerateLabellings(z, Tb, f.C, f.blank, f.variant).find((l) => l.labels.join() === label.join());
        if (!match) return none(-Infinity);
        alignments.push(match.bestAlignment);
        spans.push([]);
        return bugs.sumInsteadOfMax ? match.logProb : match.bestPath;
      });
      return { alignments, logScore, spans: undefined };
    },
  };
}
