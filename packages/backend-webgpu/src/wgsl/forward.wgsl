// Pass 2: forward recursion (alpha), one workgroup per sample, threads tile the states, the time loop inside.
// alpha_t(s) = z[t, token(s)] + lse(stay: alpha_{t-1}(s), alpha_{t-1}(s-1), skip: alpha_{t-1}(s-2)),
// alpha_0(s) = z[0, token(s)] for s < 2. Stored rescaled for float32 accuracy at long T:
// alpha'_t = alpha_t - sum_{t' < t} m_t', m_t' = max_s alpha'_t'(s) every RESCALE_EVERY frames (else
// 0), so stored values near the maximum stay O(RESCALE_EVERY |z|) however long the sequence
// (posteriors and tangent weights are invariant to a per-frame shift), and as two-float values
// (two_float.wgsl), because the states that matter to the posterior may lie far below that maximum.
// ll[b] = sum_t m_t + lse(alpha'_{T_b-1}(S_b-1), alpha'_{T_b-1}(S_b-2)).
@group(0) @binding(2) var<storage, read> z: array<f32>;              // [B, T, C]
@group(0) @binding(3) var<storage, read_write> alpha: array<vec2f>;  // [K+2, B, S] (hi, lo) rescaled, one chunk
@group(0) @binding(4) var<storage, read_write> ll: array<f32>;       // [B] log-likelihood, [B, T, 2] logZ, [2B, 4] carry

// Frames [P.t0, P.t1) of sample b's recursion by one workgroup (entry points: forward_main.wgsl,
// alpha_beta.wgsl); one dispatch per lattice chunk, the shift and the running scale carried in `ll`.
fn forward_sample(b: u32, lid: u32) {
  let Tb = logit_len(b);
  let U = label_len(b);
  let S = 2u * U + 1u;
  if (status(b) != 0) { return; }
  let none = tf_neg_inf();
  let carry = carry_at(b);
  var shift = 0.0;            // max of the previous stored row (hi parts)
  var scale = vec2f(0.0);     // sum of the shifts so far, two-float
  if (P.t0 > 0u) {
    shift = ll[carry];
    scale = vec2f(ll[carry + 1u], ll[carry + 2u]);
  }
  for (var t = P.t0; t < min(P.t1, Tb); t++) {
    let row = alpha_row(b, t);
    let prev = row - P.B * P.S;  // only read when t > 0 (row 0 of the chunk: the previous chunk's last)
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
    ll[carry] = shift;
    ll[carry + 1u] = scale.x;
    ll[carry + 2u] = scale.y;
    if (Tb <= P.t1 && (Tb > P.t0 || P.t0 == 0u)) {  // the chunk that holds frame T_b - 1 (or T_b = 0)
      var r = select(P.neg_inf, 0.0, U == 0u);  // T_b = 0: log P = 0 iff the label is empty
      if (Tb > 0u) {
        let last = alpha_row(b, Tb - 1u);
        let end = tf_lse3(alpha[last + S - 1u], select(none, alpha[last + max(S, 2u) - 2u], S >= 2u), none);
        r = tf_total(end, scale);
      }
      ll[b] = r;
    }
  }
}
