// Forced alignment, pass 3: backtrack, one thread per sample, from the better end state (the final
// blank S-1 on ties, else S-2) through the backpointers of the Viterbi pass, t = T_b-1 down to 0.
// alignment[b, t] = token(s_t) (blank included); post[b, t] = exp(z[t, token(s_t)]), the frame
// posterior of the aligned token (token spans average it). Frames t >= T_b are left untouched.
@group(0) @binding(2) var<storage, read> z: array<f32>;                  // [B, T, C]
@group(0) @binding(3) var<storage, read> delta: array<f32>;              // [B, 2, S]
@group(0) @binding(4) var<storage, read> back: array<u32>;               // [B, T, ceil(S / 4)]
@group(0) @binding(5) var<storage, read_write> alignment: array<i32>;    // [B, T]
@group(0) @binding(6) var<storage, read_write> post: array<f32>;         // [B, T]

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let b = wid.x;
  let Tb = logit_len(b);
  if (lid != 0u || status(b) != 0 || Tb == 0u) { return; }
  let S = 2u * label_len(b) + 1u;
  let SQ = (P.S + 3u) / 4u;
  let last = (b * 2u + ((Tb - 1u) & 1u)) * P.S;
  var s = S - 1u;
  if (S >= 2u && delta[last + S - 2u] > delta[last + S - 1u]) { s = S - 2u; }
  for (var i = 0u; i < Tb; i++) {
    let t = Tb - 1u - i;
    let tok = token(b, s);
    alignment[b * P.T + t] = i32(tok);
    post[b * P.T + t] = exp(z[frame_row(b, t) + tok]);
    if (t > 0u) {
      let jump = (back[(b * P.T + t) * SQ + s / 4u] >> (8u * (s % 4u))) & 0xffu;
      s = s - jump;
    }
  }
}
