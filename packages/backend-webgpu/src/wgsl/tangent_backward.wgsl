// Pass 7 (HVP): backward tangent recursion, one workgroup per (sample b, direction d), time loop inside.
// q_t(s) = E[sum_{t' > t} v'[t', pi_t'] | in s at t]
//        = sum_{s -> s'} u(s') (v'[t+1, token(s')] + q_{t+1}(s')),  u = softmax of beta_{t+1} over the
// allowed successors; q_{T_b-1} = 0. States with no live successor: q = 0.
// Runs beside the forward tangent in one dispatch (tangents.wgsl): shares tangent_forward.wgsl's
// bindings 2-6 (alpha, stats, dir, centre, r) and adds its own:
@group(0) @binding(7) var<storage, read> beta: array<vec2f>;      // [K+2, B, S] (hi, lo), chunk at P.bt0
@group(0) @binding(8) var<storage, read_write> q: array<f32>;     // [K+2, D, B, S], chunk at P.bt0

// Frames [P.bt0, P.bt1) of the recursion of sample b, direction d, latest first, by one workgroup;
// q_{bt1} is row K+1 of the chunk.
fn tangent_backward_sample(b: u32, d: u32, lid: u32) {
  if (!sample_live(b, lid)) { return; }
  let Tb = logit_len(b);
  let S = 2u * label_len(b) + 1u;
  let dbase = d * P.B * P.T * P.C;
  let none = tf_neg_inf();
  for (var i = min(P.bt1, Tb); i > P.bt0; i--) {
    let t = i - 1u;
    let k = Tb - 1u - t;
    let row = beta_row(b, t);
    let next = row + P.B * P.S;
    let qrow = tangent_row(P.bt0, d, b, t);
    let qnext = qrow + P.D * P.B * P.S;
    for (var s = lid; s < S; s += WG) {
      var acc = 0.0;
      if (k > 0u) {
        let s1 = min(s + 1u, S - 1u);
        let s2 = min(s + 2u, S - 1u);
        let b0 = select(none, beta[next + s], can_stay(s));
        let b1 = select(none, beta[next + s1], s + 1u < S);
        let b2 = select(none, beta[next + s2], s + 2u < S && can_skip(b, s2));
        let mx = tf_max(tf_max(b0, b1), b2);
        if (mx.x > P.neg_inf) {
          let vrow = dbase + frame_row(b, t + 1u);
          let m = centre[(d * P.B + b) * P.T + t + 1u];
          let g0 = dir[vrow + token(b, s)] - m + q[qnext + s];
          let g1 = dir[vrow + token(b, s1)] - m + q[qnext + s1];
          let g2 = dir[vrow + token(b, s2)] - m + q[qnext + s2];
          let w0 = exp(tf_rel(b0, mx));
          let w1 = exp(tf_rel(b1, mx));
          let w2 = exp(tf_rel(b2, mx));
          acc = (w0 * g0 + w1 * g1 + w2 * g2) / (w0 + w1 + w2);
        }
      }
      q[qrow + s] = acc;
    }
    storageBarrier();
  }
}
