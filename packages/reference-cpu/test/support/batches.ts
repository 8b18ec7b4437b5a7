import { randomBatch, type CtcBatch, type FloatArray } from '@seq2seq-losses/spec';

/** A one-sample batch from nested logits [T][C] and a label. */
export function singleSample(logits: number[][], label: number[], logitLength = logits.length): CtcBatch<Float64Array> {
  const T = logits.length;
  const C = logits[0]?.length ?? 0;
  return {
    logits: Float64Array.from(logits.flat()),
    labels: Int32Array.from(label),
    labelLength: Int32Array.from([label.length]),
    logitLength: Int32Array.from([logitLength]),
    dims: { B: 1, T, C, L: label.length },
  };
}

/** A seeded random float64 batch with a seeded random direction of the same shape. */
export function randomCase(seed: number, spec: { B: number; T: number; C: number; L: number; blankIndex?: number; scale?: number; labelLength?: [number, number]; logitLength?: [number, number] }): { batch: CtcBatch<FloatArray>; direction: Float64Array } {
  const batch = randomBatch({ seed, ...spec });
  const dir = randomBatch({ seed: seed + 7919, B: spec.B, T: spec.T, C: spec.C, L: 0 });
  return { batch, direction: Float64Array.from(dir.logits) };
}

/** The same batch with other logits. */
export function withLogits<F extends FloatArray>(batch: CtcBatch, logits: F): CtcBatch<F> {
  return { ...batch, logits };
}
