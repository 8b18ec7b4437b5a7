// Pass 6 (HVP): forward tangent recursion, one workgroup per (sample b, direction d), time loop inside.
// r_t(s) = E[sum_{t' <= t} v'[t', pi_t'] | in s at t]
//        = v'[t, token(s)] + sum_{s' -> s} w(s') r_{t-1}(s'),  w = softmax of alpha_{t-1} over the
// allowed predecessors (stay, step, skip). v' = v - m_t (centre pass). Unreachable states: r = v'.
@group(0) @binding(2) var<storage, read> alpha: array<vec2f>;     // [K+2, B, S] (hi, lo), chunk at P.t0
@group(0) @binding(3) var<storage, read> stats: array<f32>;       // [B] ll, then [B, T, 2] logZ
@group(0) @binding(4) var<storage, read> dir: array<f32>;         // [D, B, T, C]
@group(0) @binding(5) var<storage, read> centre: array<f32>;      // [D, B, T]
@group(0) @binding(6) var<storage, read_write> r: array<f32>;     // [K+2, D, B, S], chunk at P.t0

// Frames [P.t0, P.t1) of the recursion of sample b, direction d, by one workgroup (entry point:
// tangents.wgsl); r_{t0-1} is row 0 of the chunk.
fn tangent_forward_sample(b: u32, d: u32, lid: u32) {
  if (!sample_live(b, lid)) { return; }
  let Tb = logit_len(b);
  let S = 2u * label_len(b) + 1u;
  let dbase = d * P.B * P.T * P.C;
  let none = tf_neg_inf();
  for (var t = P.t0; t < min(P.t1, Tb); t++) {
    let row = alpha_row(b, t);
    let prev = row - P.B * P.S;
    let rrow = tangent_row(P.t0, d, b, t);
    let rprev = rrow - P.D * P.B * P.S;
    let m = centre[(d * P.B + b) * P.T + t];
    for (var s = lid; s < S; s += WG) {
      var acc = dir[dbase + frame_row(b, t) + token(b, s)] - m;
      if (t > 0u) {
        let a0 = select(none, alpha[prev + s], can_stay(s));
        let a1 = select(none, alpha[prev + max(s, 1u) - 1u], s >= 1u);
        let a2 = select(none, alpha[prev + max(s, 2u) - 2u], can_skip(b, s));
        let mx = tf_max(tf_max(a0, a1), a2);
        if (mx.x > P.neg_inf) {
          let w0 = exp(tf_rel(a0, mx));
          let w1 = exp(tf_rel(a1, mx));
          let w2 = exp(tf_rel(a2, mx));
          let r0 = r[rprev + s];
          let r1 = r[rprev + max(s, 1u) - 1u];
          let r2 = r[rprev + max(s, 2u) - 2u];
          acc += (w0 * r0 + w1 * r1 + w2 * r2) / (w0 + w1 + w2);
        }
      }
      r[rrow + s] = acc;
    }
    storageBarrier();
  }
}
