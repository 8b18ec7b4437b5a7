import type { CtcBatch, FloatArray } from './batch.js';
import { normalizeBlankIndex } from './options.js';
import { normalSampler, randomInt, seededRandom } from './math/random.js';

/**
 * The worked example of docs/math.md: labels [[1,2,2,1],[1,2,1,0]], labelLength [4,3],
 * logits all zero [2,5,3], logitLength [5,4], blank 0.
 * classic loss = [5 ln 3, 4 ln 3 - ln 7]; simplified loss = [5 ln 3 - ln 5, 4 ln 3 - ln 4].
 */
export function exampleBatch(): CtcBatch<Float64Array> {
  return {
    logits: new Float64Array(2 * 5 * 3),
    labels: Int32Array.from([1, 2, 2, 1, 1, 2, 1, 0]),
    labelLength: Int32Array.from([4, 3]),
    logitLength: Int32Array.from([5, 4]),
    dims: { B: 2, T: 5, C: 3, L: 4 },
  };
}

export interface RandomBatchSpec {
  readonly seed: number;
  readonly B: number;
  readonly T: number;
  readonly C: number;
  readonly L: number;
  /** Inclusive range of label lengths, default [0, L]. */
  readonly labelLength?: readonly [number, number];
  /** Inclusive range of logit lengths, default [T, T]. */
  readonly logitLength?: readonly [number, number];
  /** Default 0; may be negative. */
  readonly blankIndex?: number;
  /** Logits ~ N(0, scale^2); default 1. */
  readonly scale?: number;
  readonly dtype?: 'float32' | 'float64';
}

/** A seeded random batch with normal logits and labels that never hold the blank. */
export function randomBatch(spec: RandomBatchSpec): CtcBatch<FloatArray> {
  const { B, T, C, L } = spec;
  const uniform = seededRandom(spec.seed);
  const normal = normalSampler(uniform);
  const scale = spec.scale ?? 1;
  const blank = normalizeBlankIndex(spec.blankIndex ?? 0, C);
  const [uLo, uHi] = spec.labelLength ?? [0, L];
  const [tLo, tHi] = spec.logitLength ?? [T, T];
  const logits = spec.dtype === 'float32' ? new Float32Array(B * T * C) : new Float64Array(B * T * C);
  for (let i = 0; i < logits.length; i++) logits[i] = scale * normal();
  const labels = new Int32Array(B * L);
  const labelLength = new Int32Array(B);
  const logitLength = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    labelLength[b] = randomInt(uniform, uLo, uHi);
    logitLength[b] = randomInt(uniform, tLo, tHi);
    for (let u = 0; u < L; u++) {
      // C - 1 non-blank tokens, shifted past the blank.
      const k = C > 1 ? randomInt(uniform, 0, C - 2) : 0;
      labels[b * L + u] = k >= blank ? k + 1 : k;
    }
  }
  return { logits, labels, labelLength, logitLength, dims: { B, T, C, L } };
}
