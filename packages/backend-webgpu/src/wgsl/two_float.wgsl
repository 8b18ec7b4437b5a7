// Two-float values hi + lo (|lo| <= ulp(hi) / 2) for the stored log-alphas and log-betas.
// Why: at long T the states that carry the posterior sit thousands of nats below the frame's maximum
// (the forward filter runs ahead of the alignment), where one float32 ulp is ~1e-4 (T = 10000:
// gradient error 7e-4). The posterior needs only differences between nearby states, so carrying
// each value's rounding error in lo keeps those differences exact to ~1e-7 (gradient error ~1e-6).
// Needs IEEE round-to-nearest additions. Shader compilers may simplify (a + b) - a to b (Mesa's NIR
// does, SPIR-V allows it), which would zero every error term: each sum whose rounding error is taken
// is multiplied by the uniform P.one (1.0 at run time, unknown to the compiler; exact).
// -inf is (-inf, 0).

// The two-float -inf.
fn tf_neg_inf() -> vec2f { return vec2f(P.neg_inf, 0.0); }

// a + b = s + err exactly (Knuth's TwoSum), for finite a, b: vec2f(s, err).
fn two_sum(a: f32, b: f32) -> vec2f {
  let s = (a + b) * P.one;
  let bb = (s - a) * P.one;
  return vec2f(s, (a - (s - bb)) + (b - bb));
}

// hi + lo renormalised so that lo is below hi's rounding (Fast2Sum; |hi| >= |lo|).
fn tf_norm(hi: f32, lo: f32) -> vec2f {
  let s = (hi + lo) * P.one;
  return vec2f(s, lo - (s - hi));
}

// v + x for a float32 x; -inf when either is -inf.
fn tf_add(v: vec2f, x: f32) -> vec2f {
  if (v.x == P.neg_inf || x == P.neg_inf) { return tf_neg_inf(); }
  let s = two_sum(v.x, x);
  return tf_norm(s.x, s.y + v.y);
}

// The larger of a and b (hi first, then lo: the order of the values).
fn tf_max(a: vec2f, b: vec2f) -> vec2f {
  return select(b, a, a.x > b.x || (a.x == b.x && a.y >= b.y));
}

// v - r as one float32, for a finite reference r near v (v.x - r.x is exact within a factor 2).
// Measure from the largest value, never from its hi part alone: at |v| = 1e10, |lo| reaches 512.
fn tf_rel(v: vec2f, r: vec2f) -> f32 { return (v.x - r.x) + (v.y - r.y); }

// log(e^a + e^b + e^c) of two-float a, b, c; (-inf, 0) when all are -inf (never NaN).
fn tf_lse3(a: vec2f, b: vec2f, c: vec2f) -> vec2f {
  let m = tf_max(tf_max(a, b), c);
  if (m.x == P.neg_inf) { return tf_neg_inf(); }
  return tf_add(m, log(exp(tf_rel(a, m)) + exp(tf_rel(b, m)) + exp(tf_rel(c, m))));
}

// The float32 value of v plus a two-float total (a sum of rescaling shifts); -inf stays -inf.
fn tf_total(v: vec2f, total: vec2f) -> f32 {
  if (v.x == P.neg_inf) { return P.neg_inf; }
  let s = two_sum(total.x, v.x);
  return s.x + (s.y + (total.y + v.y));
}
