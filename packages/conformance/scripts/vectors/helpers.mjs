// Small builders shared by the vector generators (plain float64 math, independent of any backend).

/** A CtcBatch from nested arrays: logits [B][T][C], labels [B][L]. */
export function batchOf(logits, labels, labelLength, logitLength) {
  const B = logits.length;
  const T = B ? logits[0].length : 0;
  const C = T ? logits[0][0].length : 0;
  const L = labels.length ? labels[0].length : 0;
  return {
    logits: Float64Array.from(logits.flat(2)),
    labels: Int32Array.from(labels.flat()),
    labelLength: Int32Array.from(labelLength),
    logitLength: Int32Array.from(logitLength),
    dims: { B, T, C, L },
  };
}

/** softmax of one row; -inf entries give exactly 0. */
export function softmax(row) {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** log-softmax of one row. */
export function logSoftmax(row) {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((a, x) => a + Math.exp(x - m), 0));
  return row.map((x) => x - lse);
}

/**
 * Closed forms of a sample with exactly one alignment pi over frames [Tb] (zero beyond):
 * loss = -sum_t z[t, pi_t]; logits: gradient p - onehot, Hv = p*v - p (p.v) per frame, Hessian
 * blockdiag(diag p - p p^T); logProbs: gradient -onehot, Hv = 0, Hessian 0. Rows [T][C].
 */
export function singleAlignment(rows, pi, T, inputs, direction) {
  const C = rows[0]?.length ?? 0;
  const gradient = zeros(T * C);
  const hvp = zeros(T * C);
  const hessian = zeros(T * C * T * C);
  let loss = 0;
  pi.forEach((token, t) => {
    const row = rows[t];
    if (inputs === 'logProbs') {
      loss -= row[token];
      gradient[t * C + token] = -1;
      return;
    }
    const p = softmax(row);
    loss -= logSoftmax(row)[token];
    const pv = direction ? p.reduce((a, pc, c) => a + pc * direction[t][c], 0) : 0;
    for (let c = 0; c < C; c++) {
      gradient[t * C + c] = p[c] - (c === token ? 1 : 0);
      if (direction) hvp[t * C + c] = p[c] * direction[t][c] - p[c] * pv;
      for (let d = 0; d < C; d++) hessian[(t * C + c) * T * C + t * C + d] = (c === d ? p[c] : 0) - p[c] * p[d];
    }
  });
  return { loss, gradient, hvp, hessian };
}

export function zeros(n) {
  return new Array(n).fill(0);
}

/** Concatenates per-sample results into batch arrays. */
export function stack(parts, key) {
  return parts.flatMap((p) => (typeof p[key] === 'number' ? [p[key]] : p[key]));
}

