import { logSoftmaxFrame, type CtcBatch, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';

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

/** x * 2^1074 as an exact BigInt (every finite float64 is an integer multiple of 2^-1074). */
function exactScaled(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  if (exponent > 0) mantissa = (mantissa | (1n << 52n)) << BigInt(exponent - 1);
  return bits >> 63n ? -mantissa : mantissa;
}

/** An exact scaled value (units of 2^-1074) as a float64, to about 2^-74 absolute. */
function scaledToNumber(v: bigint): number {
  const whole = v >> 1074n; // floor
  return Number(whole) + Number((v - (whole << 1074n)) >> 1000n) / 2 ** 74;
}

/**
 * Loss, gradient and Hessian of one sample by enumerating all C^Tb alignments (keep Tb <= 5, C <= 3).
 * Independent of the lattice code: only the collapse rule and per-path log-probabilities, summed
 * EXACTLY (BigInt), so the answer is the exact one for the float64 log-probabilities z at any
 * magnitude: paths through a -1e30 entry weigh exp(-1e30) = 0 unless every path does.
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
  const scores: bigint[] = []; // exact path sums of z, units of 2^-1074
  const total = C ** Tb;
  for (let k = 0; k < total; k++) {
    const path: number[] = [];
    for (let t = 0, r = k; t < Tb; t++, r = Math.floor(r / C)) path.push(r % C);
    const out = collapse(path, variant, blank);
    if (out.length !== label.length || out.some((c, i) => c !== label[i])) continue;
    if (path.some((c, t) => z[t * C + c] === -Infinity)) continue; // probability 0
    paths.push(path);
    scores.push(path.reduce((s, c, t) => s + exactScaled(z[t * C + c]), 0n));
  }
  const best = scores.reduce((m, v) => (v > m ? v : m), scores[0] ?? 0n);
  const relative = scores.map((v) => scaledToNumber(v - best)); // log w_i - log w_best
  const relativeSum = relative.reduce((s, d) => s + Math.exp(d), 0); // P / w_best
  const logP = paths.length === 0 ? -Infinity : scaledToNumber(best) + Math.log(relativeSum);
  const N = Tb * C;
  const gamma = new Float64Array(N);
  const second = new Float64Array(N * N); // E[n n^T]
  paths.forEach((path, i) => {
    const w = Math.exp(relative[i]) / relativeSum;
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
