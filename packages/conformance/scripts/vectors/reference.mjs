// Random cases computed by reference-cpu. Inputs are multiples of 1/64 (exact in float32), so a
// float32 backend receives exactly the inputs the reference saw.
import { logSoftmaxFrame, randomBatch, seededRandom, normalSampler } from '@seq2seq-losses/spec';
import { randomAlignment } from '../../dist/alignment.js';
import { referenceHessian, referenceHessianVectorProduct, referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';

const q = (x) => (Number.isFinite(x) ? Math.round(x * 64) / 64 : x);

/** A random batch, logits N(0, scale^2) rounded to 1/64 (log-softmaxed first in logProbs mode). */
function batch(spec, inputs) {
  const b = randomBatch({ scale: 2, ...spec });
  const { B, T, C } = b.dims;
  if (inputs === 'logProbs') for (let f = 0; f < B * T; f++) logSoftmaxFrame(b.logits, f * C, C, b.logits, f * C);
  for (let i = 0; i < b.logits.length; i++) b.logits[i] = q(b.logits[i]);
  return b;
}

function direction(n, seed) {
  const normal = normalSampler(seededRandom(seed));
  return Float64Array.from({ length: n }, () => q(normal()));
}

/** Loss, gradient and HVP (and the Hessian when `hessian`) from the reference. */
function computed(name, variant, inputs, b, { blankIndex = 0, zeroInfinity = false, seed, hessian = false, hvp = true }) {
  const options = { variant, inputs, blankIndex, zeroInfinity };
  const d = direction(b.logits.length, seed + 7);
  const base = hvp ? referenceHessianVectorProduct(b, d, options) : referenceLossAndGradient(b, options);
  const expected = { loss: base.loss, gradient: base.gradient, ...(hvp ? { hvp: base.hvp } : {}) };
  if (hessian) expected.hessian = referenceHessian(b, options).hessian;
  return { name, variant, inputs, blankIndex, zeroInfinity, batch: b, ...(hvp ? { direction: d } : {}), expected };
}

export function referenceCases() {
  const out = [];
  let seed = 1000;
  for (const variant of ['classic', 'simplified']) {
    for (const inputs of ['logits', 'logProbs']) {
      // Mixed lengths: some labels infeasible, some frames padded; blank first, last (negative), middle.
      for (const [blankIndex, zeroInfinity] of [[0, false], [-1, true], [2, false]]) {
        seed++;
        const b = batch({ seed, B: 3, T: 8, C: 5, L: 5, labelLength: [0, 5], logitLength: [3, 8], blankIndex }, inputs);
        out.push(computed(`random ${variant} ${inputs} B=3 T=8 C=5 blank ${blankIndex}${zeroInfinity ? ' zeroInfinity' : ''}`, variant, inputs, b, { blankIndex, zeroInfinity, seed }));
      }
      seed++;
      const small = batch({ seed, B: 2, T: 4, C: 4, L: 2, labelLength: [1, 2], logitLength: [3, 4] }, inputs);
      out.push(computed(`random ${variant} ${inputs} B=2 T=4 C=4 with full Hessian`, variant, inputs, small, { seed, hessian: true }));
    }
    seed++;
    const withNegInf = batch({ seed, B: 3, T: 6, C: 4, L: 3, labelLength: [1, 3], logitLength: [4, 6] }, 'logits');
    const uniform = seededRandom(seed);
    for (let i = 0; i < withNegInf.logits.length; i++) if (uniform() < 0.2) withNegInf.logits[i] = -Infinity;
    withNegInf.logits.fill(-Infinity, 2 * 6 * 4, 2 * 6 * 4 + 4); // item 2, frame 0: NaN sample
    out.push(computed(`random ${variant} with -inf entries and an all -inf frame`, variant, 'logits', withNegInf, { seed }));
    for (const [S, label] of [[1e3, '1e3'], [1e10, '1e10']]) {
      seed++;
      const spread = batch({ seed, B: 2, T: 6, C: 4, L: 3, labelLength: [1, 3], logitLength: [5, 6], scale: 1 }, 'logits');
      addAlignedSpikes(spread, variant, S, seed);
      out.push(computed(`random ${variant} logits spread ${label} (spikes on one alignment)`, variant, 'logits', spread, { seed }));
    }
  }
  seed++;
  const long = batch({ seed, B: 1, T: 500, C: 3, L: 120, labelLength: [120, 120], logitLength: [500, 500] }, 'logits');
  out.push(computed('long T=500 C=3 U=120 classic', 'classic', 'logits', long, { seed, hvp: false }));
  return out;
}

/**
 * +S on a random alignment's token in every other valid frame, -S on one other token of the other
 * frames: the best paths have O(T) scores, so the answer is exact in float32 too. Blank 0.
 */
function addAlignedSpikes(b, variant, S, seed) {
  const uniform = seededRandom(seed);
  const { B, T, C, L } = b.dims;
  for (let i = 0; i < B; i++) {
    const label = b.labels.subarray(i * L, i * L + b.labelLength[i]);
    const pi = randomAlignment(variant, label, b.logitLength[i], 0, uniform);
    if (!pi) continue;
    pi.forEach((token, t) => {
      const row = (i * T + t) * C;
      if (t % 2 === 0) b.logits[row + token] += S;
      else b.logits[row + ((token + 1) % C)] -= S;
    });
  }
}
