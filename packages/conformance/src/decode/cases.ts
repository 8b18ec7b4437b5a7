import fc from 'fast-check';
import {
  CTC_VARIANTS,
  logSoftmaxFrame,
  normalSampler,
  randomInt,
  seededRandom,
  type CtcInputMode,
  type CtcPrecision,
  type CtcVariant,
} from '@seq2seq-losses/spec';
import type { DecodeLawInput, DecodeLawOptions } from './decoder.js';

/** Everything one decode law input is rebuilt from (so a failure's case text reproduces it). */
export interface DecodeSpec {
  readonly seed: number;
  readonly B: number;
  readonly T: number;
  readonly C: number;
  readonly variant: CtcVariant;
  readonly inputs: CtcInputMode;
  readonly timeMajor: boolean;
  /** 'first' (0), 'last' (C-1), 'middle' or 'negative' (-1). */
  readonly blank: 'first' | 'last' | 'middle' | 'negative';
  /** Logits ~ N(0, scale^2); a large scale gives a sharp posterior. */
  readonly scale: number;
}

export interface DecodeCase {
  readonly name: string;
  readonly input: DecodeLawInput;
  readonly options: DecodeLawOptions;
  /** blankIndex in [0, C). */
  readonly blank: number;
  /** Per sample, [T_b, C] the log-probabilities the decoder sees (float64 of the rounded inputs). */
  readonly z: Float64Array[];
}

export function decodeSpecArb(limits: { maxB: number; maxT: number; maxC: number; scales?: number[] }): fc.Arbitrary<DecodeSpec> {
  return fc.record({
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    B: fc.integer({ min: 1, max: limits.maxB }),
    T: fc.integer({ min: 0, max: limits.maxT }),
    C: fc.integer({ min: 2, max: limits.maxC }),
    variant: fc.constantFrom(...CTC_VARIANTS),
    inputs: fc.constantFrom<CtcInputMode>('logits', 'logProbs'),
    timeMajor: fc.boolean(),
    blank: fc.constantFrom('first', 'last', 'middle', 'negative'),
    scale: fc.constantFrom(...(limits.scales ?? [1, 3])),
  });
}

export function describeDecodeSpec(s: DecodeSpec): string {
  return `B=${s.B} T=${s.T} C=${s.C} ${s.variant} ${s.inputs} blank=${s.blank}${s.timeMajor ? ' timeMajor' : ''} scale=${s.scale} seed=${s.seed}`;
}

/**
 * Builds the batch: logits [B, T, C] (or [T, B, C]), random T_b in [0, T] (sample 0 gets T), labels
 * [B, L = T] of random non-blank tokens with U_b in [0, T_b + 1] (so some are infeasible); padded frames
 * and label slots hold zeros. 'logProbs' inputs are log-softmaxed logits (proper log-probabilities).
 */
export function buildDecodeCase(spec: DecodeSpec, precision: CtcPrecision): DecodeCase {
  const { B, T, C } = spec;
  const uniform = seededRandom(spec.seed);
  const normal = normalSampler(uniform);
  const blank = spec.blank === 'first' ? 0 : spec.blank === 'last' || spec.blank === 'negative' ? C - 1 : C >> 1;
  const round = precision === 'float32' ? Math.fround : (v: number) => v;
  const L = T;
  const logitLength = Int32Array.from({ length: B }, (_, b) => (b === 0 ? T : randomInt(uniform, 0, T)));
  const labelLength = Int32Array.from(logitLength, (Tb) => Math.min(L, randomInt(uniform, 0, Tb + 1)));
  const labels = new Int32Array(B * L);
  for (let b = 0; b < B; b++) {
    for (let u = 0; u < labelLength[b]; u++) {
      const token = randomInt(uniform, 0, C - 2);
      labels[b * L + u] = token >= blank ? token + 1 : token;
    }
  }
  const batchMajor = new Float64Array(B * T * C); // [B, T, C]
  const frame = new Float64Array(C);
  for (let bt = 0; bt < B * T; bt++) {
    for (let c = 0; c < C; c++) frame[c] = spec.scale * normal();
    if (spec.inputs === 'logProbs') logSoftmaxFrame(frame, 0, C, frame);
    for (let c = 0; c < C; c++) batchMajor[bt * C + c] = round(frame[c]);
  }
  const z = Array.from(logitLength, (Tb, b) => {
    const out = new Float64Array(Tb * C); // [T_b, C]
    for (let t = 0; t < Tb; t++) {
      if (spec.inputs === 'logits') logSoftmaxFrame(batchMajor, (b * T + t) * C, C, out, t * C);
      else out.set(batchMajor.subarray((b * T + t) * C, (b * T + t + 1) * C), t * C);
    }
    return out;
  });
  const logits = spec.timeMajor ? toTimeMajor(batchMajor, B, T, C) : batchMajor;
  const options: DecodeLawOptions = {
    variant: spec.variant,
    blankIndex: spec.blank === 'negative' ? -1 : blank,
    inputs: spec.inputs,
    timeMajor: spec.timeMajor,
  };
  const input: DecodeLawInput = {
    logits: precision === 'float32' ? Float32Array.from(logits) : logits,
    logitLength,
    labels,
    labelLength,
    dims: { B, T, C, L },
  };
  return { name: describeDecodeSpec(spec), input, options, blank, z };
}

/** [B, T, C] -> [T, B, C]. */
export function toTimeMajor(x: ArrayLike<number>, B: number, T: number, C: number): Float64Array {
  const out = new Float64Array(B * T * C);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) out[(t * B + b) * C + c] = x[(b * T + t) * C + c];
  return out;
}

/** The label of sample b, [U_b]. */
export function labelOf(input: DecodeLawInput, b: number): Int32Array {
  return input.labels.subarray(b * input.dims.L, b * input.dims.L + input.labelLength[b]);
}

/** The same case with garbage (NaN, +-inf, huge) in padded frames and out-of-range label slots. */
export function withGarbage(c: DecodeCase): DecodeCase {
  const { B, T, C, L } = c.input.dims;
  const logits = c.input.logits.slice();
  const labels = Int32Array.from(c.input.labels);
  const garbage = [NaN, Infinity, -Infinity, 1e30];
  for (let b = 0; b < B; b++) {
    for (let t = c.input.logitLength[b]; t < T; t++) {
      const o = c.options.timeMajor ? (t * B + b) * C : (b * T + t) * C;
      for (let k = 0; k < C; k++) logits[o + k] = garbage[(t + k) % garbage.length];
    }
    for (let u = c.input.labelLength[b]; u < L; u++) labels[b * L + u] = [-7, C + 3, c.blank][u % 3];
  }
  return { ...c, name: `${c.name} (garbage padding)`, input: { ...c.input, logits, labels } };
}
