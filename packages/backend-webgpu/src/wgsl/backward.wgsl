// Pass 3: backward recursion, one workgroup per sample, the time loop inside (t = T_b-1 down to 0).
// beta_t(s) = z[t, token(s)] + lse(stay: beta_{t+1}(s), beta_{t+1}(s+1), skip(s+2): beta_{t+1}(s+2)),
// beta_{T_b-1}(s) = z[T_b-1, token(s)] for s >= S_b - 2, else -inf. (beta includes frame t's emission:
// the state posterior is exp(alpha_t(s) + beta_t(s) - z[t, token(s)] - ll).) Rescaled and two-float
// like alpha (forward.wgsl).
// Runs beside the forward recursion in one dispatch (alpha_beta.wgsl), so it shares forward.wgsl's
// bindings 2-4 (z, alpha, ll) and adds its own:
@group(0) @binding(5) var<storage, read_write> beta: array<vec2f>;  // [K+2, B, S] (hi, lo), one chunk

// Frames [P.bt0, P.bt1) of sample b's recursion, latest first, by one workgroup; one dispatch per
// chunk (the last chunk first), the shift carried in `ll`.
fn backward_sample(b: u32, lid: u32) {
  let Tb = logit_len(b);
  let S = 2u * label_len(b) + 1u;
  if (status(b) != 0) { return; }
  let none = tf_neg_inf();
  let carry = carry_at(P.B + b);
  var shift = 0.0;  // max of the previous (later) stored row (hi parts)
  if (Tb > P.bt1) { shift = ll[carry]; }
  for (var i = min(P.bt1, Tb); i > P.bt0; i--) {
    let t = i - 1u;
    let k = Tb - 1u - t;
    let row = beta_row(b, t);
    let next = row + P.B * P.S;  // only read when k > 0 (row K+1 of the chunk: the next chunk's first)
    var top = P.neg_inf;
    for (var s = lid; s < S; s += WG) {
      let e = z[frame_row(b, t) + token(b, s)];
      var v = none;
      if (k == 0u) {
        if (s + 2u >= S) { v = vec2f(e, 0.0); }
      } else {
        let b0 = select(none, beta[next + s], can_stay(s));
        let b1 = select(none, beta[next + min(s + 1u, S - 1u)], s + 1u < S);
        let b2 = select(none, beta[next + min(s + 2u, S - 1u)], s + 2u < S && can_skip(b, min(s + 2u, S - 1u)));
        v = tf_add(tf_add(tf_lse3(b0, b1, b2), -shift), e);
      }
      beta[row + s] = v;
      top = max(top, v.x);
    }
    storageBarrier();
    shift = 0.0;
    if ((k % RESCALE_EVERY) == RESCALE_EVERY - 1u) {
      shift = wg_max(top, lid);
      if (shift == P.neg_inf) { shift = 0.0; }
    }
  }
  if (lid == 0u) { ll[carry] = shift; }
}
