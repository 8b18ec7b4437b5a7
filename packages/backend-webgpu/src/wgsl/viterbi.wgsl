// Forced alignment, pass 2: Viterbi (max-plus) recursion over the interleaved lattice of common.wgsl,
// one workgroup per sample, threads tile the states (4 consecutive states each), time loop inside.
// delta_t(s) = em(t, s) + max(stay: delta_{t-1}(s), step: delta_{t-1}(s-1), skip: delta_{t-1}(s-2)),
// delta_0(s) = em(0, s) for s < 2. Ties: the smaller jump wins (stay, then step, then skip).
// Impossible values are the finite NEG (never -inf arithmetic): em clamps z (-inf for -inf logits)
// to NEG and every delta is clamped to NEG, so a sum stays finite; the host reads a score <= NEG / 10
// as -Infinity. back[t, s] = 0 stay, 1 step, 2 skip, one byte per state, 4 states per u32.
@group(0) @binding(2) var<storage, read> z: array<f32>;              // [B, T, C] log-probabilities
@group(0) @binding(3) var<storage, read_write> delta: array<f32>;    // [B, 2, S] rows t % 2
@group(0) @binding(4) var<storage, read_write> back: array<u32>;     // [B, T, ceil(S / 4)] packed bytes
@group(0) @binding(5) var<storage, read_write> score: array<f32>;    // [B] best path log-probability

const NEG: f32 = -1.0e30;

fn em(b: u32, t: u32, s: u32) -> f32 {
  let v = z[frame_row(b, t) + token(b, s)];
  if ((bitcast<u32>(v) & 0x7fffffffu) >= 0x7f800000u) { return NEG; }  // -inf (NaN/+inf never reach here)
  return max(v, NEG);
}

fn delta_at(b: u32, row: u32, s: u32) -> f32 { return delta[(b * 2u + row) * P.S + s]; }

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let b = wid.x;
  if (status(b) != 0) { return; }  // infeasible or invalid: decided on the host
  let Tb = logit_len(b);
  let S = 2u * label_len(b) + 1u;
  let SQ = (P.S + 3u) / 4u;
  if (Tb == 0u) {
    if (lid == 0u) { score[b] = 0.0; }  // feasible with T_b = 0 means an empty label
    return;
  }
  for (var s = lid; s < S; s += WG) {
    delta[(b * 2u) * P.S + s] = select(NEG, em(b, 0u, s), s < 2u);
  }
  storageBarrier();
  for (var t = 1u; t < Tb; t++) {
    let cur = t & 1u;
    let prev = 1u - cur;
    for (var q = lid; q < SQ; q += WG) {
      var packed = 0u;
      for (var k = 0u; k < 4u; k++) {
        let s = 4u * q + k;
        if (s < S) {
          var best = NEG;
          var jump = 0u;
          if (can_stay(s)) { best = delta_at(b, prev, s); }
          if (s >= 1u && delta_at(b, prev, s - 1u) > best) { best = delta_at(b, prev, s - 1u); jump = 1u; }
          if (can_skip(b, s) && delta_at(b, prev, s - 2u) > best) { best = delta_at(b, prev, s - 2u); jump = 2u; }
          delta[(b * 2u + cur) * P.S + s] = max(best + em(b, t, s), NEG);
          packed = packed | (jump << (8u * k));
        }
      }
      back[(b * P.T + t) * SQ + q] = packed;
    }
    storageBarrier();
  }
  if (lid == 0u) {
    let last = (Tb - 1u) & 1u;
    var end = delta_at(b, last, S - 1u);
    if (S >= 2u) { end = max(end, delta_at(b, last, S - 2u)); }
    score[b] = end;
  }
}
