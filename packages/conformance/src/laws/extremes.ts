import { normalizeBlankIndex, seededRandom, type CtcBatch } from '@seq2seq-losses/spec';
import { agreeWithReference } from '../agree.js';
import { randomAlignment } from '../alignment.js';
import { buildBatch, describeSpec, type BatchSpec } from '../arbitraries.js';
import { roundToPrecision } from '../batch-tools.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw } from './types.js';

/**
 * -inf entries are legal (probability 0): 20% of entries, and in some items one whole frame (which
 * makes that sample NaN when the frame is valid). Results must match the reference, NaN in kind.
 */
export const negInfLaw: CtcLaw = propertyLaw({
  id: 'extreme/neg-inf',
  title: '-inf entries and all -inf frames agree with reference-cpu',
  limits: { maxB: 4, maxT: 12, maxC: 6 },
  name: (spec) => `${describeSpec(spec)} with -inf`,
  check: (ctx, spec) => {
    const input = inputOf(ctx, spec);
    addNegativeInfinity(input.batch, spec.seed);
    return agreeWithReference(ctx, { ...input, name: `${input.name} with -inf` }, { hvp: ctx.backend.capabilities.hessianVectorProduct });
  },
});

/** Sets 20% of logits to -inf and, in 30% of items, every logit of one frame. In place. */
function addNegativeInfinity(batch: CtcBatch<Float64Array>, seed: number): void {
  const uniform = seededRandom(seed ^ 0x9e3779b9);
  const { B, T, C } = batch.dims;
  for (let i = 0; i < batch.logits.length; i++) if (uniform() < 0.2) batch.logits[i] = -Infinity;
  for (let b = 0; b < B; b++) {
    if (T === 0 || uniform() >= 0.3) continue;
    const t = Math.floor(uniform() * T);
    batch.logits.fill(-Infinity, (b * T + t) * C, (b * T + t + 1) * C);
  }
}

/**
 * Logits spread `S` (1e3 or 1e10), logits mode: +S on a random valid alignment's token in 70% of
 * frames and -S on 20% of the other entries, over N(0, 1) noise. Alignments that avoid the -S
 * entries and take every +S exist, so the exact answer is O(T) and representable in float32.
 */
export function spreadLaw(S: number, label: string): CtcLaw {
  const name = (spec: BatchSpec) => `${describeSpec(spec)} spread ${label}`;
  return propertyLaw({
    id: `extreme/spread-${label}`,
    title: `logits spread ${label} agree with reference-cpu (finite, exact)`,
    needs: { inputs: 'logits' },
    limits: { maxB: 3, maxT: 16, maxC: 6, inputModes: ['logits'], scale: 1 },
    name,
    check: (ctx, spec) => {
      const caps = ctx.backend.capabilities;
      const batch = buildBatch(spec, 'float64');
      addSpikes(batch, spec, S);
      const rounded = { ...batch, logits: roundToPrecision(batch.logits, caps.precision) };
      return agreeWithReference(ctx, { ...inputOf(ctx, spec), name: name(spec), batch: rounded }, { hvp: caps.hessianVectorProduct });
    },
  });
}

/** logits [B, T, C]: +S on pi_t (70% of valid frames), -S on 20% of c != pi_t; random +-S if infeasible. */
function addSpikes(batch: CtcBatch<Float64Array>, spec: BatchSpec, S: number): void {
  const uniform = seededRandom(spec.seed ^ 0x2545f491);
  const { B, T, C, L } = batch.dims;
  const blank = normalizeBlankIndex(spec.blankIndex, C);
  for (let b = 0; b < B; b++) {
    const Tb = batch.logitLength[b];
    const label = batch.labels.subarray(b * L, b * L + batch.labelLength[b]);
    const pi = randomAlignment(spec.variant, label, Tb, blank, uniform);
    for (let t = 0; t < Tb; t++) {
      const row = (b * T + t) * C;
      for (let c = 0; c < C; c++) {
        if (pi === undefined) {
          if (uniform() < 0.3) batch.logits[row + c] += uniform() < 0.5 ? S : -S;
        } else if (c === pi[t]) {
          if (uniform() < 0.7) batch.logits[row + c] += S;
        } else if (uniform() < 0.2) {
          batch.logits[row + c] -= S;
        }
      }
    }
  }
}
