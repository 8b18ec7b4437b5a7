// Pass 5 (HVP): per frame (t, b) and direction d, the direction's posterior mean
// m_t = sum_c gamma[t, c] v[t, c] = sum_s post_t(s) v[t, token(s)] (the tangent passes use the centred
// v' = v - m_t, docs/math.md "Float32 accuracy"), and the softmax term of the logits HVP:
// out[t, c] = p_c v_c - p_c (p . v) (logits), 0 (logProbs). Padded frames / infeasible: 0; invalid: NaN.
@group(0) @binding(2) var<storage, read> z: array<f32>;              // [B, T, C]
@group(0) @binding(3) var<storage, read> alpha: array<vec2f>;        // [K+2, B, S] (hi, lo), chunk at P.t0
@group(0) @binding(4) var<storage, read> beta: array<vec2f>;         // [K+2, B, S] (hi, lo), chunk at P.t0
@group(0) @binding(5) var<storage, read> stats: array<f32>;          // [B] ll, then [B, T, 2] logZ
@group(0) @binding(6) var<storage, read> dir: array<f32>;            // [D, B, T, C]
@group(0) @binding(7) var<storage, read_write> centre: array<f32>;   // [D, B, T]
@group(0) @binding(8) var<storage, read_write> out: array<f32>;      // [D, B, T, C]

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let t = P.t0 + wid.x;  // one dispatch per lattice chunk
  let b = wid.y;
  let d = wid.z;
  let zrow = frame_row(b, t);
  let row = d * P.B * P.T * P.C + zrow;
  if (settled_row(row, b, t, lid)) { return; }
  let S = 2u * label_len(b) + 1u;
  let log_norm = vec2f(stats[log_norm_at(b, t)], stats[log_norm_at(b, t) + 1u]);
  var m = 0.0;
  for (var s = lid; s < S; s += WG) { m += post_weight(b, t, s, log_norm) * dir[row + token(b, s)]; }
  m = wg_sum(m, lid);
  if (lid == 0u) { centre[(d * P.B + b) * P.T + t] = m; }
  if (P.inputs == 1u) { fill(row, 0.0, lid); return; }
  var pv = 0.0;
  for (var c = lid; c < P.C; c += WG) { pv += exp(z[zrow + c]) * dir[row + c]; }
  pv = wg_sum(pv, lid);
  for (var c = lid; c < P.C; c += WG) {
    let p = exp(z[zrow + c]);
    out[row + c] = p * (dir[row + c] - pv);
  }
}
