import fc from 'fast-check';
import {
  logSoftmaxFrame,
  minimumFrames,
  normalSampler,
  randomBatch,
  seededRandom,
  type CtcBatch,
  type CtcInputMode,
  type CtcOptions,
  type CtcPrecision,
  type CtcVariant,
} from '@seq2seq-losses/spec';
import { roundBatch, roundToPrecision } from './batch-tools.js';

/** Where the blank sits: index 0, C-1, floor(C/2), or given as a negative index. */
export type BlankChoice = 'first' | 'last' | 'middle' | 'negative';

/** Everything that determines one law input; the batch is rebuilt from it (reproducible from the text). */
export interface BatchSpec {
  readonly seed: number;
  readonly B: number;
  readonly T: number;
  readonly C: number;
  readonly L: number;
  /** The blankIndex option as passed (may be negative). */
  readonly blankIndex: number;
  readonly variant: CtcVariant;
  readonly inputs: CtcInputMode;
  readonly zeroInfinity: boolean;
  /** Logits ~ N(0, scale^2). */
  readonly scale: number;
  /** Item 0 gets exactly the fewest frames its label needs (T_0 = U + R classic, U simplified). */
  readonly nearFeasible: boolean;
}

export interface BatchLimits {
  readonly maxB: number;
  readonly minT?: number;
  readonly maxT: number;
  readonly maxC: number;
  /** Cap on T * C (Hessian laws); C is reduced to fit, never below 2. */
  readonly maxTC?: number;
  readonly variants: readonly CtcVariant[];
  readonly inputModes: readonly CtcInputMode[];
  /** Default 2: logits ~ N(0, 4). */
  readonly scale?: number;
}

/** B in 1..maxB, T in minT..maxT, C in 2..maxC, L in 0..T (so labels may be infeasible), blank anywhere. */
export function batchSpecArb(limits: BatchLimits): fc.Arbitrary<BatchSpec> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      B: fc.integer({ min: 1, max: limits.maxB }),
      T: fc.integer({ min: limits.minT ?? 0, max: limits.maxT }),
      C: fc.integer({ min: 2, max: limits.maxC }),
      labelFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      blank: fc.constantFrom<BlankChoice>('first', 'last', 'middle', 'negative'),
      variant: fc.constantFrom(...limits.variants),
      inputs: fc.constantFrom(...limits.inputModes),
      zeroInfinity: fc.boolean(),
      nearFeasible: fc.boolean(),
    })
    .map((r) => {
      const C = limits.maxTC && r.T > 0 ? Math.max(2, Math.min(r.C, Math.floor(limits.maxTC / r.T))) : r.C;
      return {
        seed: r.seed,
        B: r.B,
        T: r.T,
        C,
        L: Math.round(r.labelFraction * r.T),
        blankIndex: blankIndexOf(r.blank, C, r.seed),
        variant: r.variant,
        inputs: r.inputs,
        zeroInfinity: r.zeroInfinity,
        scale: limits.scale ?? 2,
        nearFeasible: r.nearFeasible,
      };
    });
}

function blankIndexOf(choice: BlankChoice, C: number, seed: number): number {
  if (choice === 'first') return 0;
  if (choice === 'last') return C - 1;
  if (choice === 'middle') return Math.floor(C / 2);
  return -1 - (seed % C); // in [-C, -1]
}

export function specOptions(spec: BatchSpec): CtcOptions {
  return { variant: spec.variant, blankIndex: spec.blankIndex, inputs: spec.inputs, zeroInfinity: spec.zeroInfinity };
}

export function describeSpec(spec: BatchSpec): string {
  return (
    `B=${spec.B} T=${spec.T} C=${spec.C} L=${spec.L} blank=${spec.blankIndex} ${spec.variant} ${spec.inputs}` +
    ` zeroInfinity=${spec.zeroInfinity} scale=${spec.scale} seed=${spec.seed}${spec.nearFeasible ? ' nearFeasible' : ''}`
  );
}

/**
 * The batch of a spec, logits rounded to `precision` (float64 array either way).
 * logits [B, T, C] ~ N(0, scale^2), log-softmaxed per frame in logProbs mode; labels [B, L] never the
 * blank; labelLength in [0, L]; logitLength in [0, T].
 */
export function buildBatch(spec: BatchSpec, precision: CtcPrecision): CtcBatch<Float64Array> {
  const { B, T, C, L } = spec;
  const raw = randomBatch({
    seed: spec.seed,
    B,
    T,
    C,
    L,
    labelLength: [0, L],
    logitLength: [0, T],
    blankIndex: spec.blankIndex,
    scale: spec.scale,
  }) as CtcBatch<Float64Array>;
  if (spec.nearFeasible && B > 0) {
    let U = raw.labelLength[0];
    while (U > 0 && minimumFrames(spec.variant, raw.labels, 0, U) > T) U--;
    (raw.labelLength as Int32Array)[0] = U;
    (raw.logitLength as Int32Array)[0] = minimumFrames(spec.variant, raw.labels, 0, U);
  }
  if (spec.inputs === 'logProbs') {
    for (let f = 0; f < B * T; f++) logSoftmaxFrame(raw.logits, f * C, C, raw.logits, f * C);
  }
  return roundBatch(raw, precision);
}

/** A direction [n] ~ N(0, 1) from a seed, rounded to `precision`. */
export function randomDirection(n: number, seed: number, precision: CtcPrecision): Float64Array {
  const normal = normalSampler(seededRandom(seed ^ 0x5bd1e995));
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = normal();
  return roundToPrecision(v, precision);
}
