// Shared by every pass: call parameters, the per-sample metadata and the state lattice.
//
// Lattice (docs/math.md, interleaved form, both variants): S_b = 2 U_b + 1 states; state s emits
// token(s): even s = blank, odd s = 2u + 1 emits w_u. Moves from frame t-1 into s: stay (s -> s),
// step (s-1 -> s, always), skip (s-2 -> s). classic: stay always, skip into w_u iff w_u != w_{u-1};
// simplified: token states never stay, skip into every token state. Start in s < 2, end in s >= S_b - 2.

// Threads per workgroup, set by the program (a power of two, at most MAX_WG).
override WG: u32 = 64u;
const MAX_WG: u32 = 256u;
// The recursions rescale their stored row every RESCALE_EVERY frames (one reduction each time).
const RESCALE_EVERY: u32 = 8u;

struct Params {
  B: u32,        // batch
  T: u32,        // frames (stride of [B, T, *] arrays)
  C: u32,        // tokens, blank included
  L: u32,        // label slots (stride of labels)
  S: u32,        // state stride of [B, T, S] arrays: 2 max(U_b) + 1
  blank: u32,    // in [0, C)
  variant: u32,  // 0 classic, 1 simplified
  inputs: u32,   // 0 logits, 1 logProbs
  D: u32,        // directions in this dispatch (HVP / Hessian)
  one: f32,      // 1.0, passed in (two_float.wgsl multiplies by it to stop algebraic simplification)
  neg_inf: f32,  // -Infinity, passed in (WGSL has no infinite literals)
  nan: f32,      // NaN, passed in
  t0: u32,       // frames [t0, t1) of this dispatch's forward-side lattice chunk (alpha, r)
  t1: u32,
  bt0: u32,      // frames [bt0, bt1) of its backward-side chunk (beta, q); = t0, t1 in per-frame passes
  bt1: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
// meta (i32): [B, 4] (T_b, U_b, status, 0) then labels [B, L].
// status: 0 computable, 1 infeasible (outputs 0), 2 invalid input in a valid frame (outputs NaN).
@group(0) @binding(1) var<storage, read> sample_meta: array<i32>;

fn logit_len(b: u32) -> u32 { return u32(sample_meta[4u * b]); }
fn label_len(b: u32) -> u32 { return u32(sample_meta[4u * b + 1u]); }
fn status(b: u32) -> i32 { return sample_meta[4u * b + 2u]; }

fn token(b: u32, s: u32) -> u32 {
  if ((s & 1u) == 0u) { return P.blank; }
  return u32(sample_meta[4u * P.B + b * P.L + (s - 1u) / 2u]);
}
fn can_stay(s: u32) -> bool { return P.variant == 0u || (s & 1u) == 0u; }
fn can_skip(b: u32, s: u32) -> bool {
  if ((s & 1u) == 0u || s < 3u) { return false; }
  return P.variant == 1u || token(b, s) != token(b, s - 2u);
}

// Row offset of the [B, T, C] arrays.
fn frame_row(b: u32, t: u32) -> u32 { return (b * P.T + t) * P.C; }

// The lattice arrays are stored in time chunks, each its own binding: alpha and beta [K+2, B, S],
// r and q [K+2, D, B, S]. Chunk rows 1..K hold frames [t0, t1); row 0 is a copy of frame t0-1 (the
// previous chunk's last row) and row K+1 a copy of frame t1 (the next chunk's first row), so the
// recursions read their neighbour row from the chunk they write. alpha_row / r use the chunk at P.t0,
// beta_row / q the one at P.bt0. Consecutive frames are P.B * P.S (alpha, beta) or P.D * P.B * P.S (r, q) apart.
fn chunk_row(t0: u32, b: u32, t: u32) -> u32 { return ((t + 1u - t0) * P.B + b) * P.S; }
fn alpha_row(b: u32, t: u32) -> u32 { return chunk_row(P.t0, b, t); }
fn beta_row(b: u32, t: u32) -> u32 { return chunk_row(P.bt0, b, t); }
fn tangent_row(t0: u32, d: u32, b: u32, t: u32) -> u32 { return (((t + 1u - t0) * P.D + d) * P.B + b) * P.S; }

// Offset of the four floats that carry a recursion's state from one chunk's dispatch to the next in
// `stats` ([B] ll, [B, T, 2] logZ, then [2B, 4]): slot b forward (shift, scale hi, scale lo), B + b backward (shift).
fn carry_at(slot: u32) -> u32 { return P.B + 2u * P.B * P.T + 4u * slot; }
