// A minimal CTC backend written outside this repository's packages: classic CTC, logits input,
// loss and gradient only, float64, in plain JavaScript. It shows the contract a backend implements
// (see docs/writing-a-backend.md) and is checked by `ctc-conformance --module` in CI.
import { withExactHugeSamples } from '@seq2seq-losses/reference-cpu';
import { defineCtcBackend } from '@seq2seq-losses/spec';

/** lse(a, b) = log(e^a + e^b), with lse(-inf, -inf) = -inf (never NaN). */
function lse(a, b) {
  const m = a > b ? a : b;
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** z[c] = x[c] - max - log sum exp(x - max) for one frame; false when the frame is NaN / +inf / all -inf. */
function logSoftmax(x, offset, C, z) {
  let max = -Infinity;
  for (let c = 0; c < C; c++) {
    const v = x[offset + c];
    if (Number.isNaN(v) || v === Infinity) return false;
    if (v > max) max = v;
  }
  if (max === -Infinity) return false;
  let sum = 0;
  for (let c = 0; c < C; c++) sum += Math.exp(x[offset + c] - max);
  const logSum = Math.log(sum);
  for (let c = 0; c < C; c++) z[c] = x[offset + c] - max - logSum;
  return true;
}

/**
 * One sample: loss and gradient rows [Tb, C] written into grad at gOffset.
 * Lattice l' = (blank, w_0, blank, w_1, ..., blank), S = 2U + 1 states, log-space alpha / beta [Tb, S].
 */
function sample(logits, xOffset, Tb, C, label, blank, zeroInfinity, grad, gOffset) {
  const U = label.length;
  const S = 2 * U + 1;
  const token = (s) => (s % 2 === 0 ? blank : label[(s - 1) >> 1]);
  const canSkip = (s) => s % 2 === 1 && s >= 3 && token(s) !== token(s - 2);
  let repeats = 0;
  for (let u = 1; u < U; u++) if (label[u] === label[u - 1]) repeats++;
  const infeasible = () => (zeroInfinity ? 0 : Infinity);
  if (Tb < U + repeats) return infeasible();
  if (Tb === 0) return 0;

  const z = Array.from({ length: Tb }, () => new Float64Array(C)); // [Tb, C] log-softmax
  for (let t = 0; t < Tb; t++) {
    if (!logSoftmax(logits, xOffset + t * C, C, z[t])) {
      grad.fill(NaN, gOffset, gOffset + Tb * C);
      return NaN;
    }
  }
  const alpha = Array.from({ length: Tb }, () => new Float64Array(S).fill(-Infinity)); // [Tb, S]
  const beta = Array.from({ length: Tb }, () => new Float64Array(S).fill(-Infinity)); // [Tb, S]
  alpha[0][0] = z[0][blank];
  if (S > 1) alpha[0][1] = z[0][token(1)];
  for (let t = 1; t < Tb; t++) {
    for (let s = 0; s < S; s++) {
      let a = alpha[t - 1][s];
      if (s >= 1) a = lse(a, alpha[t - 1][s - 1]);
      if (canSkip(s)) a = lse(a, alpha[t - 1][s - 2]);
      alpha[t][s] = z[t][token(s)] + a;
    }
  }
  const logP = S > 1 ? lse(alpha[Tb - 1][S - 1], alpha[Tb - 1][S - 2]) : alpha[Tb - 1][0];
  if (logP === -Infinity) return infeasible(); // every alignment has probability 0

  beta[Tb - 1][S - 1] = z[Tb - 1][token(S - 1)];
  if (S > 1) beta[Tb - 1][S - 2] = z[Tb - 1][token(S - 2)];
  for (let t = Tb - 2; t >= 0; t--) {
    for (let s = 0; s < S; s++) {
      let b = beta[t + 1][s];
      if (s + 1 < S) b = lse(b, beta[t + 1][s + 1]);
      if (s + 2 < S && canSkip(s + 2)) b = lse(b, beta[t + 1][s + 2]);
      beta[t][s] = z[t][token(s)] + b;
    }
  }
  // gradient = softmax - occupancy; the occupancy is normalised within each frame (exact at any scale).
  const logOcc = new Float64Array(C);
  for (let t = 0; t < Tb; t++) {
    logOcc.fill(-Infinity);
    let frameTotal = -Infinity;
    for (let s = 0; s < S; s++) {
      if (alpha[t][s] === -Infinity || beta[t][s] === -Infinity) continue; // no path through s at t
      const v = alpha[t][s] + beta[t][s] - z[t][token(s)];
      logOcc[token(s)] = lse(logOcc[token(s)], v);
      frameTotal = lse(frameTotal, v);
    }
    for (let c = 0; c < C; c++) grad[gOffset + t * C + c] = Math.exp(z[t][c]) - Math.exp(logOcc[c] - frameTotal);
  }
  return -logP;
}

/** One accepted call (validated, batch-major, options resolved): loss [B] and gradient [B, T, C]. */
function lossAndGradient({ batch, options }) {
  const { B, T, C, L } = batch.dims;
  const loss = new Float64Array(B);
  const gradient = new Float64Array(B * T * C);
  for (let b = 0; b < B; b++) {
    const label = Array.from(batch.labels.subarray(b * L, b * L + batch.labelLength[b]));
    loss[b] = sample(batch.logits, b * T * C, batch.logitLength[b], C, label, options.blankIndex, options.zeroInfinity, gradient, b * T * C);
  }
  return { loss, gradient };
}

/**
 * The module's one export, as every backend package has: createBackend(options?) -> CtcBackend.
 * defineCtcBackend implements the call contract around the computations: validation (typed errors),
 * timeMajor, copies of shared or foreign arrays, and dispose (calls in flight finish, later calls
 * reject with CtcDisposedError). No hessianVectorProduct or hessian: declared false below.
 * float64 cannot keep 1e30 and 0.5 apart in one sum, so samples with huge log-probabilities (the
 * suite's extreme/huge-mix law) are handed to reference-cpu's exact arithmetic by withExactHugeSamples;
 * it reads the call after the computation, hence the snapshot policy.
 */
export async function createBackend() {
  const core = {
    name: 'minimal-js',
    capabilities: {
      precision: 'float64',
      variants: ['classic'],
      inputModes: ['logits'],
      hessianVectorProduct: false,
      hessian: false,
    },
    info: { language: 'JavaScript' },
    loss: async (call) => lossAndGradient(call).loss,
    lossAndGradient: async (call) => lossAndGradient(call),
    dispose: async () => {},
  };
  return defineCtcBackend(withExactHugeSamples(core), { snapshot: true });
}
