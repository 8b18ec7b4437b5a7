// Output rows of the per-frame passes. The pass binds `out` and `stats`.
fn fill(row: u32, v: f32, lid: u32) {
  for (var c = lid; c < P.C; c += WG) { out[row + c] = v; }
}

// Writes the whole row when frame t of sample b has nothing to compute (padded frame or non-live
// sample: 0; invalid input: NaN) and returns true. Uniform control flow.
fn settled_row(row: u32, b: u32, t: u32, lid: u32) -> bool {
  if (t >= logit_len(b)) { fill(row, 0.0, lid); return true; }
  if (status(b) == 2) { fill(row, P.nan, lid); return true; }
  if (!sample_live(b, lid)) { fill(row, 0.0, lid); return true; }
  return false;
}
