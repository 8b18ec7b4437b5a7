// Pass 8 (HVP): per frame (t, b) and direction d, subtracts Cov(n) v from the softmax term that the
// centre pass wrote: Cov(n) v [t, c] = sum_{s: token(s) = c} post_t(s) (r_t(s) + q_t(s) - E_t[V]),
// E_t[V] = sum_s post_t(s) (r_t(s) + q_t(s)) (the same for every t in exact arithmetic; per frame it
// keeps every row of Cov(n) v summing to 0). Padded frames and non-live samples are left as written.
@group(0) @binding(2) var<storage, read> z: array<f32>;             // [B, T, C]
@group(0) @binding(3) var<storage, read> alpha: array<vec2f>;       // [K+2, B, S] (hi, lo), chunk at P.t0
@group(0) @binding(4) var<storage, read> beta: array<vec2f>;        // [K+2, B, S] (hi, lo), chunk at P.t0
@group(0) @binding(5) var<storage, read> stats: array<f32>;         // [B] ll, then [B, T, 2] logZ
@group(0) @binding(6) var<storage, read> r: array<f32>;             // [K+2, D, B, S], chunk at P.t0
@group(0) @binding(7) var<storage, read> q: array<f32>;             // [K+2, D, B, S], chunk at P.t0
@group(0) @binding(8) var<storage, read_write> out: array<f32>;     // [D, B, T, C]

var<private> log_norm: vec2f;
var<private> direction: u32;
var<private> mean_v: f32;    // E_t[V]

fn path_mean(b: u32, t: u32, s: u32) -> f32 {
  let i = tangent_row(P.t0, direction, b, t) + s;
  return r[i] + q[i];
}

fn state_value(b: u32, t: u32, s: u32) -> f32 {
  let w = post_weight(b, t, s, log_norm);
  return select(0.0, w * (path_mean(b, t, s) - mean_v), w > 0.0);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let t = P.t0 + wid.x;  // one dispatch per lattice chunk
  let b = wid.y;
  let d = wid.z;
  if (t >= logit_len(b) || !sample_live(b, lid)) { return; }
  let S = 2u * label_len(b) + 1u;
  log_norm = vec2f(stats[log_norm_at(b, t)], stats[log_norm_at(b, t) + 1u]);
  direction = d;
  mean_v = 0.0;
  var ev = 0.0;
  for (var s = lid; s < S; s += WG) { ev += state_value(b, t, s); }
  mean_v = wg_sum(ev, lid);
  scatter_subtract(d * P.B * P.T * P.C + frame_row(b, t), b, t, S, lid);
}
