// out[row + token(s)] -= state_value(b, t, s) for every state s < S, deterministically: the blank
// states by a tree reduction, the token states (several may share a token) one by one by thread 0,
// in label order, WG at a time. Rows of up to ROW_CAP tokens are staged in workgroup memory so the
// serial part never touches global memory. The pass defines `out` and `state_value`, and must make
// its own writes to the row visible first (storageBarrier). Uniform control flow.
const ROW_CAP: u32 = 2048u;
var<workgroup> chunk: array<f32, MAX_WG>;
var<workgroup> row_buf: array<f32, ROW_CAP>;

fn scatter_subtract(row: u32, b: u32, t: u32, S: u32, lid: u32) {
  let staged = P.C <= ROW_CAP;
  if (staged) {
    for (var c = lid; c < P.C; c += WG) { row_buf[c] = out[row + c]; }
  }
  var blanks = 0.0;
  for (var s = 2u * lid; s < S; s += 2u * WG) { blanks += state_value(b, t, s); }
  blanks = wg_sum(blanks, lid);  // its barriers also publish row_buf
  if (lid == 0u) {
    if (staged) { row_buf[P.blank] -= blanks; } else { out[row + P.blank] -= blanks; }
  }
  let U = (S - 1u) / 2u;
  for (var u0 = 0u; u0 < U; u0 += WG) {
    if (u0 + lid < U) { chunk[lid] = state_value(b, t, 2u * (u0 + lid) + 1u); }
    workgroupBarrier();
    if (lid == 0u) {
      let n = min(WG, U - u0);
      for (var i = 0u; i < n; i++) {
        let c = token(b, 2u * (u0 + i) + 1u);
        if (staged) { row_buf[c] -= chunk[i]; } else { out[row + c] -= chunk[i]; }
      }
    }
    workgroupBarrier();
  }
  if (staged) {
    workgroupBarrier();
    for (var c = lid; c < P.C; c += WG) { out[row + c] = row_buf[c]; }
  }
}
