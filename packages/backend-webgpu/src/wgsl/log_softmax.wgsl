// Pass 1: z[b, t, :] = log_softmax(x[b, t, :]) for valid frames t < T_b (logits mode), or a copy of
// x (logProbs mode). One workgroup per frame, threads tile C. Padded frames are never read.
// z = (x - m) - log(sum_c exp(x_c - m)), m = max_c x_c: exact for logits of 1e10 ([1e10, 0] -> [0, -1e10])
// and shift-invariant at any offset.
// Also flags each valid frame that holds NaN or +inf or is all -inf (for callers that have not
// classified the samples on the host: SharedDeviceCtc), from the bits: WGSL may assume floats finite.
@group(0) @binding(2) var<storage, read> x: array<f32>;                // [B, T, C]
@group(0) @binding(3) var<storage, read_write> z: array<f32>;          // [B, T, C]
@group(0) @binding(4) var<storage, read_write> frame_bad: array<f32>;  // [B, T] 1: invalid frame, else 0

fn nan_or_pos_inf(u: u32) -> bool { return (u & 0x7fffffffu) >= 0x7f800000u && u != 0xff800000u; }
fn finite_bits(u: u32) -> bool { return (u & 0x7fffffffu) < 0x7f800000u; }

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let t = wid.x;
  let b = wid.y;
  if (t >= logit_len(b) || status(b) == 2) {
    // padded frames (and samples the host already marked invalid, which never read the flags)
    if (lid == 0u) { frame_bad[b * P.T + t] = 0.0; }
    return;
  }
  let row = frame_row(b, t);
  var bad = 0.0;
  var finite = 0.0;
  for (var c = lid; c < P.C; c += WG) {
    let u = bitcast<u32>(x[row + c]);
    if (nan_or_pos_inf(u)) { bad = 1.0; }
    if (finite_bits(u)) { finite = 1.0; }
  }
  bad = wg_max(bad, lid);
  finite = wg_max(finite, lid);
  if (lid == 0u) { frame_bad[b * P.T + t] = select(bad, 1.0, finite == 0.0); }
  if (P.inputs == 1u) {
    for (var c = lid; c < P.C; c += WG) { z[row + c] = x[row + c]; }
    return;
  }
  var m = P.neg_inf;
  for (var c = lid; c < P.C; c += WG) { m = max(m, x[row + c]); }
  m = wg_max(m, lid);
  var s = 0.0;
  for (var c = lid; c < P.C; c += WG) { s += exp(x[row + c] - m); }
  let log_s = log(wg_sum(s, lid));
  // (x - m) first: x - (m + log s) would round m + log s at |m| >= 2^20 and lose log s
  for (var c = lid; c < P.C; c += WG) { z[row + c] = (x[row + c] - m) - log_s; }
}
