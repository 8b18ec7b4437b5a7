// Pass 1: z[b, t, :] = log_softmax(x[b, t, :]) for valid frames t < T_b (logits mode), or a copy of
// x (logProbs mode). One workgroup per frame, threads tile C. Padded frames are never read.
// z = x - m - log(sum_c exp(x_c - m)), m = max_c x_c: exact for logits of 1e10 ([1e10, 0] -> [0, -1e10]).
@group(0) @binding(2) var<storage, read> x: array<f32>;        // [B, T, C]
@group(0) @binding(3) var<storage, read_write> z: array<f32>;  // [B, T, C]

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let t = wid.x;
  let b = wid.y;
  if (t >= logit_len(b) || status(b) == 2) { return; }
  let row = frame_row(b, t);
  if (P.inputs == 1u) {
    for (var c = lid; c < P.C; c += WG) { z[row + c] = x[row + c]; }
    return;
  }
  var m = P.neg_inf;
  for (var c = lid; c < P.C; c += WG) { m = max(m, x[row + c]); }
  m = wg_max(m, lid);
  var s = 0.0;
  for (var c = lid; c < P.C; c += WG) { s += exp(x[row + c] - m); }
  let lse = m + log(wg_sum(s, lid));
  for (var c = lid; c < P.C; c += WG) { z[row + c] = x[row + c] - lse; }
}
