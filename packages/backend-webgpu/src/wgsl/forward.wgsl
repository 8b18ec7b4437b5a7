// Pass 2: forward recursion (alpha), one workgroup per sample, threads tile the states, the time loop inside.
// alpha_t(s) = z[t, token(s)] + lse(stay: alpha_{t-1}(s), alpha_{t-1}(s-1), skip: alpha_{t-1}(s-2)),
// alpha_0(s) = z[0, token(s)] for s < 2. Stored rescaled for float32 accuracy at long T:
// alpha'_t = alpha_t - sum_{t' < t} m_t', m_t' = max_s alpha'_t'(s) every RESCALE_EVERY frames (else
// 0), so stored values near the maximum stay O(RESCALE_EVERY |z|) however long the sequence
// (posteriors and tangent weights are invariant to a per-frame shift), and as two-float values
// (two_float.wgsl), because the states that matter to the posterior may lie far below that maximum.
// ll[b] = sum_t m_t + lse(alpha'_{T_b-1}(S_b-1), alpha'_{T_b-1}(S_b-2)).
@group(0) @binding(2) var<storage, read> z: array<f32>;              // [B, T, C]
@group(0) @binding(3) var<storage, read_write> alpha: array<vec2f>;  // [B, T, S] (hi, lo) rescaled
@group(0) @binding(4) var<storage, read_write> ll: array<f32>;       // [B] log-likelihood, then [B, T, 2] logZ

// The whole recursion of sample b by one workgroup (entry points: forward_main.wgsl, alpha_beta.wgsl).
fn forward_sample(b: u32, lid: u32) {
  let Tb = logit_len(b);
  let U = label_len(b);
  let S = 2u * U + 1u;
  if (status(b) != 0) { return; }
  let none = tf_neg_inf();
  var shift = 0.0;            // max of the previous stored row (hi parts)
  var scale = vec2f(0.0);     // sum of the shifts so far, two-float
  for (var t = 0u; t < Tb; t++) {
    let row = state_row(b, t);
    let prev = row - P.S;  // only read when t > 0
    var top = P.neg_inf;
    for (var s = lid; s < S; s += WG) {
      let e = z[frame_row(b, t) + token(b, s)];
      var a = none;
      if (t == 0u) {
        if (s < 2u) { a = vec2f(e, 0.0); }
      } else {
        let a0 = select(none, alpha[prev + s], can_stay(s));
        let a1 = select(none, alpha[prev + max(s, 1u) - 1u], s >= 1u);
        let a2 = select(none, alpha[prev + max(s, 2u) - 2u], can_skip(b, s));
        a = tf_add(tf_add(tf_lse3(a0, a1, a2), -shift), e);
      }
      alpha[row + s] = a;
      top = max(top, a.x);
    }
    storageBarrier();
    scale = tf_add(scale, shift);
    shift = 0.0;
    if ((t % RESCALE_EVERY) == RESCALE_EVERY - 1u) {
      shift = wg_max(top, lid);
      if (shift == P.neg_inf) { shift = 0.0; }  // a dead row stays dead; never -inf - -inf
    }
  }
  if (lid == 0u) {
    var r = select(P.neg_inf, 0.0, U == 0u);  // T_b = 0: log P = 0 iff the label is empty
    if (Tb > 0u) {
      let last = state_row(b, Tb - 1u);
      let end = tf_lse3(alpha[last + S - 1u], select(none, alpha[last + max(S, 2u) - 2u], S >= 2u), none);
      r = tf_total(end, scale);
    }
    ll[b] = r;
  }
}
