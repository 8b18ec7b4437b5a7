#!/usr/bin/env node
// Writes packages/conformance/vectors/decode.json (decode-vectors/1). Run after `npm run build`:
//   node packages/conformance/scripts/generate-decode-vectors.mjs
// Every expected value comes from enumerating all C^T alignments of each sample (conformance's
// enumerateLabellings), never from a decoder: greedy = the argmax path collapsed, beam = the most
// probable labellings with log P summed over alignments, align = the label's best single path.
// Inputs are float32 values (exact in float32 and float64) drawn from a seeded PRNG, so no two paths tie.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { logSoftmaxFrame, normalSampler, seededRandom } from '@seq2seq-losses/spec';
import { collapse, enumerateLabellings } from '@seq2seq-losses/conformance';

const out = fileURLToPath(new URL('../vectors/decode.json', import.meta.url));
const enc = (v) => (Number.isFinite(v) ? v : String(v));

/** One case: B samples of T frames, C tokens; labels[b] given; lengths given. */
function makeCase({ name, seed, B, T, C, variant, blankIndex, inputs, timeMajor, logitLength, labels, negInf = 0 }) {
  const normal = normalSampler(seededRandom(seed));
  const blank = blankIndex < 0 ? blankIndex + C : blankIndex;
  const batchMajor = new Float64Array(B * T * C); // [B, T, C]
  for (let i = 0; i < batchMajor.length; i++) batchMajor[i] = Math.fround(1.5 * normal());
  for (let i = 0; i < negInf; i++) batchMajor[(i * 7) % batchMajor.length] = -Infinity;
  const L = Math.max(0, ...labels.map((l) => l.length));
  const z = []; // per sample [T_b, C]
  for (let b = 0; b < B; b++) {
    const Tb = logitLength[b];
    const zb = new Float64Array(Tb * C);
    for (let t = 0; t < Tb; t++) {
      const o = (b * T + t) * C;
      if (inputs === 'logits') logSoftmaxFrame(batchMajor, o, C, zb, t * C);
      else for (let c = 0; c < C; c++) zb[t * C + c] = batchMajor[o + c];
    }
    z.push(zb);
  }
  const greedy = { labels: [], logScore: [] };
  const beam = { beamWidth: 400, topPaths: 4, paths: [] };
  const align = { logScore: [], alignments: [] };
  for (let b = 0; b < B; b++) {
    const Tb = logitLength[b];
    const path = [];
    let score = 0;
    for (let t = 0; t < Tb; t++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (z[b][t * C + c] > z[b][t * C + best]) best = c;
      path.push(best);
      score += z[b][t * C + best];
    }
    greedy.labels.push(collapse(path, variant, blank));
    greedy.logScore.push(enc(score));
    const all = enumerateLabellings(z[b], Tb, C, blank, variant);
    beam.paths.push(all.slice(0, beam.topPaths).map((l) => ({ labels: l.labels, logProb: enc(l.logProb) })));
    const match = all.find((l) => l.labels.join(',') === labels[b].join(','));
    align.logScore.push(enc(match ? match.bestPath : -Infinity));
    align.alignments.push(match ? match.bestAlignment : new Array(Tb).fill(-1));
  }
  const logits = new Array(B * T * C);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) {
    logits[timeMajor ? (t * B + b) * C + c : (b * T + t) * C + c] = enc(batchMajor[(b * T + t) * C + c]);
  }
  const flatLabels = [];
  for (const l of labels) flatLabels.push(...l, ...new Array(L - l.length).fill(0));
  return {
    name,
    options: { variant, blankIndex, inputs, timeMajor },
    dims: { B, T, C, L },
    logits,
    logitLength,
    labels: flatLabels,
    labelLength: labels.map((l) => l.length),
    expected: { greedy, beam, align },
  };
}

const cases = [
  makeCase({ name: 'classic logits blank 0', seed: 1, B: 2, T: 5, C: 3, variant: 'classic', blankIndex: 0, inputs: 'logits', timeMajor: false, logitLength: [5, 4], labels: [[1, 2, 2], [2, 1]] }),
  makeCase({ name: 'simplified logits blank 0', seed: 2, B: 2, T: 5, C: 3, variant: 'simplified', blankIndex: 0, inputs: 'logits', timeMajor: false, logitLength: [5, 3], labels: [[1, 1, 2], [2]] }),
  makeCase({ name: 'classic logProbs blank -1 time-major', seed: 3, B: 3, T: 4, C: 4, variant: 'classic', blankIndex: -1, inputs: 'logProbs', timeMajor: true, logitLength: [4, 2, 0], labels: [[0, 2], [1, 1], []] }),
  makeCase({ name: 'simplified logProbs blank 2 time-major', seed: 4, B: 2, T: 5, C: 4, variant: 'simplified', blankIndex: 2, inputs: 'logProbs', timeMajor: true, logitLength: [5, 5], labels: [[0, 3, 3, 1], [1]] }),
  makeCase({ name: 'classic infeasible and empty labels', seed: 5, B: 3, T: 4, C: 3, variant: 'classic', blankIndex: 0, inputs: 'logits', timeMajor: false, logitLength: [3, 4, 1], labels: [[1, 1, 1], [], [2]] }),
  makeCase({ name: 'classic -inf logits', seed: 6, B: 2, T: 5, C: 3, variant: 'classic', blankIndex: 1, inputs: 'logits', timeMajor: false, logitLength: [5, 4], labels: [[0, 2], [2, 0, 2]], negInf: 4 }),
  makeCase({ name: 'simplified long-ish T = 7', seed: 7, B: 1, T: 7, C: 3, variant: 'simplified', blankIndex: 0, inputs: 'logits', timeMajor: false, logitLength: [7], labels: [[1, 2, 1]] }),
];

writeFileSync(out, JSON.stringify({
  format: 'decode-vectors/1',
  description: 'Decoding golden vectors: greedy, beam search (top 4 of an unpruned beam) and forced alignment, exact by enumeration of every alignment.',
  cases,
}, null, 1) + '\n');
console.log(`wrote ${cases.length} cases to ${out}`);
