// Pass 4: occupancy and gradient, one workgroup per frame (t, b), threads tile states and tokens.
// gamma[t, c] = sum_{s: token(s) = c} exp(post_log(s) - logZ_t), normalised within the frame.
// logits:   out[t, c] = p[t, c] - gamma[t, c], p = exp(z);   logProbs: out[t, c] = -gamma[t, c].
// Padded frames and infeasible samples: 0; invalid samples: NaN on valid frames. Writes logZ_t (two-float).
@group(0) @binding(2) var<storage, read> z: array<f32>;            // [B, T, C]
@group(0) @binding(3) var<storage, read> alpha: array<vec2f>;      // [K+2, B, S] (hi, lo), chunk at P.t0
@group(0) @binding(4) var<storage, read> beta: array<vec2f>;       // [K+2, B, S] (hi, lo), chunk at P.t0
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;  // [B] ll, then [B, T, 2] logZ
@group(0) @binding(6) var<storage, read_write> out: array<f32>;    // [B, T, C]

var<private> log_norm: vec2f;

fn state_value(b: u32, t: u32, s: u32) -> f32 { return post_weight(b, t, s, log_norm); }

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let t = P.t0 + wid.x;  // one dispatch per lattice chunk
  let b = wid.y;
  let row = frame_row(b, t);
  if (settled_row(row, b, t, lid)) { return; }
  let S = 2u * label_len(b) + 1u;
  log_norm = frame_log_norm(b, t, S, lid);
  if (lid == 0u) {
    stats[log_norm_at(b, t)] = log_norm.x;
    stats[log_norm_at(b, t) + 1u] = log_norm.y;
  }
  for (var c = lid; c < P.C; c += WG) {
    out[row + c] = select(0.0, exp(z[row + c]), P.inputs == 0u);
  }
  storageBarrier();
  scatter_subtract(row, b, t, S, lid);
}
