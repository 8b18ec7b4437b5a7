import { logSoftmaxFrame, logSumExp, type CtcBatch, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';

/** The mapping of docs/math.md: classic merges repeats then drops blanks; simplified drops blanks only. */
export function collapse(path: readonly number[], variant: CtcVariant, blank: number): number[] {
  const out: number[] = [];
  path.forEach((c, t) => {
    if (c === blank) return;
    if (variant === 'classic' && t > 0 && path[t - 1] === c) return;
    out.push(c);
  });
  return out;
}

export interface BruteForceResult {
  loss: number;
  gradient: Float64Array; // [Tb, C]
  hessian: Float64Array; // [Tb*C, Tb*C]
  /** Cov(n) over the alignment posterior, [Tb*C, Tb*C] */
  cov: Float64Array;
  alignments: number;
}

/**
 * Loss, gradient and Hessian of one sample by enumerating all C^Tb alignments (keep Tb <= 5, C <= 3).
 * Independent of the lattice code: only the collapse rule and per-path log-probabilities.
 */
export function bruteForceSample(
  batch: CtcBatch,
  b: number,
  variant: CtcVariant,
  blank: number,
  inputs: CtcInputMode,
): BruteForceResult {
  const { T, C, L } = batch.dims;
  const Tb = batch.logitLength[b];
  const label = Array.from(batch.labels.subarray(b * L, b * L + batch.labelLength[b]));
  const z = new Float64Array(Tb * C);
  for (let t = 0; t < Tb; t++) {
    if (inputs === 'logits') logSoftmaxFrame(batch.logits, (b * T + t) * C, C, z, t * C);
    else for (let c = 0; c < C; c++) z[t * C + c] = batch.logits[(b * T + t) * C + c];
  }
  const paths: number[][] = [];
  const scores: number[] = [];
  const total = C ** Tb;
  for (let k = 0; k < total; k++) {
    const path: number[] = [];
    for (let t = 0, r = k; t < Tb; t++, r = Math.floor(r / C)) path.push(r % C);
    const out = collapse(path, variant, blank);
    if (out.length !== label.length || out.some((c, i) => c !== label[i])) continue;
    paths.push(path);
    scores.push(path.reduce((s, c, t) => s + z[t * C + c], 0));
  }
  const logP = logSumExp(scores);
  const N = Tb * C;
  const gamma = new Float64Array(N);
  const second = new Float64Array(N * N); // E[n n^T]
  paths.forEach((path, i) => {
    const w = Math.exp(scores[i] - logP);
    for (let t = 0; t < Tb; t++) {
      gamma[t * C + path[t]] += w;
      for (let t2 = 0; t2 < Tb; t2++) second[(t * C + path[t]) * N + t2 * C + path[t2]] += w;
    }
  });
  const cov = new Float64Array(N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) cov[i * N + j] = second[i * N + j] - gamma[i] * gamma[j];
  const gradient = new Float64Array(N);
  const hessian = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    const p = inputs === 'logits' ? Math.exp(z[i]) : 0;
    gradient[i] = p - gamma[i];
    for (let j = 0; j < N; j++) hessian[i * N + j] = -cov[i * N + j];
  }
  if (inputs === 'logits') {
    for (let t = 0; t < Tb; t++) {
      for (let c = 0; c < C; c++) {
        for (let c2 = 0; c2 < C; c2++) {
          const p = Math.exp(z[t * C + c]);
          const p2 = Math.exp(z[t * C + c2]);
          hessian[(t * C + c) * N + t * C + c2] += (c === c2 ? p : 0) - p * p2;
        }
      }
    }
  }
  return { loss: -logP, gradient, hessian, cov, alignments: paths.length };
}
