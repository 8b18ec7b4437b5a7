// log of the unnormalised state posterior at frame t: alpha_t(s) + beta_t(s) - z[t, token(s)]
// (both alpha and beta hold frame t's emission). -inf when the state is off every path.
// The pass binds `z`, `alpha` and `beta`.
fn post_log(b: u32, t: u32, s: u32) -> f32 {
  let i = state_row(b, t) + s;
  let a = alpha[i];
  let c = beta[i];
  if (a == P.neg_inf || c == P.neg_inf) { return P.neg_inf; }
  return a + c - z[frame_row(b, t) + token(b, s)];
}

// The frame's log normaliser, log sum_s exp(post_log) (= ll in exact arithmetic), by reductions.
fn frame_log_norm(b: u32, t: u32, S: u32, lid: u32) -> f32 {
  var m = P.neg_inf;
  for (var s = lid; s < S; s += WG) { m = max(m, post_log(b, t, s)); }
  m = wg_max(m, lid);
  var e = 0.0;
  if (m > P.neg_inf) {
    for (var s = lid; s < S; s += WG) { e += exp(post_log(b, t, s) - m); }
  }
  return m + log(wg_sum(e, lid));
}
