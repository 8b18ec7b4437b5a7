// The unnormalised log state posterior at frame t, two-float: alpha_t(s) + beta_t(s) - z[t, token(s)]
// (both alpha and beta hold frame t's emission); (-inf, 0) when the state is off every path.
// The pass binds `z`, `alpha` and `beta` (two-float, two_float.wgsl).
fn post_log(b: u32, t: u32, s: u32) -> vec2f {
  let a = alpha[alpha_row(b, t) + s];
  let c = beta[beta_row(b, t) + s];
  if (a.x == P.neg_inf || c.x == P.neg_inf) { return tf_neg_inf(); }
  let h = two_sum(a.x, c.x);
  return tf_add(tf_norm(h.x, h.y + (a.y + c.y)), -z[frame_row(b, t) + token(b, s)]);
}

// The frame's log normaliser log sum_s exp(post_log) (= ll in exact arithmetic), two-float, by
// reductions: m = the largest post_log (hi by wg_max, then the largest lo among those hi), then
// m + log sum_s exp(post_log(s) - m).
fn frame_log_norm(b: u32, t: u32, S: u32, lid: u32) -> vec2f {
  var hi = P.neg_inf;
  for (var s = lid; s < S; s += WG) { hi = max(hi, post_log(b, t, s).x); }
  hi = wg_max(hi, lid);
  var lo = P.neg_inf;
  for (var s = lid; s < S; s += WG) {
    let p = post_log(b, t, s);
    if (p.x == hi) { lo = max(lo, p.y); }
  }
  let m = vec2f(hi, wg_max(lo, lid));
  var e = 0.0;
  if (hi > P.neg_inf) {
    for (var s = lid; s < S; s += WG) { e += exp(tf_rel(post_log(b, t, s), m)); }
  }
  return tf_add(m, log(wg_sum(e, lid)));  // (-inf, 0) for a frame off every path
}

// The state posterior exp(post_log - norm), norm = frame_log_norm(...) (0 off every path).
fn post_weight(b: u32, t: u32, s: u32, norm: vec2f) -> f32 {
  return exp(tf_rel(post_log(b, t, s), norm));
}

// Offset of frame t's two-float normaliser in `stats` ([B] ll, then [B, T, 2]).
fn log_norm_at(b: u32, t: u32) -> u32 { return P.B + 2u * (b * P.T + t); }
