// Where the workspace arrays live: byte offsets into this module's memory (src/wasm/memory.ts).

export let TOKEN: usize = 0; // i32 [W]
export let STAY: usize = 0; // f64 [W]
export let SKIP: usize = 0; // f64 [W]
export let LO: usize = 0; // i32 [Tb]
export let HI: usize = 0; // i32 [Tb]
export let EMIT: usize = 0; // f64 [Tb, W]
export let ALPHA: usize = 0;
export let BETA: usize = 0;
export let P: usize = 0; // f64 [Tb, C]
export let X: usize = 0; // f32 or f64 [Tb, C]
export let FRAME_MAX: usize = 0; // f64 [Tb]
export let FRAME_INV_Z: usize = 0;
export let SCALE_A: usize = 0;
export let SCALE_B: usize = 0;
export let FRAME_Z: usize = 0;
export let ROW_A: usize = 0; // f64 [W]
export let ROW_B: usize = 0;
export let GAMMA: usize = 0; // f64 [C]
export let COV: usize = 0;
export let OUT: usize = 0; // f32 or f64 [Tb, C]
export let VC: usize = 0; // f64 [Tb, W]
export let TANGENT: usize = 0;
export let V: usize = 0; // f64 [Tb, C]
export let PROW: usize = 0; // f64 [C] one frame's softmax numerators (the fused frame pass)
export let CORR_AT: usize = 0; // i32 [Tb, W] flat indices t * C + c of the streamed gradient's corrections
export let CORR_VALUE: usize = 0; // f64 [Tb, W] their values
export let VTOK: usize = 0; // f64 [Tb, W] a streamed HVP's direction at the window's tokens
export let PV: usize = 0; // f64 [Tb] a streamed HVP's sum_c p_c v_c per frame

export function setLayout(
  token: usize, stay: usize, skip: usize, lo: usize, hi: usize, emit: usize, alpha: usize, beta: usize,
  p: usize, x: usize, frameMax: usize, frameInvZ: usize, scaleA: usize, scaleB: usize, frameZ: usize,
  rowA: usize, rowB: usize, gamma: usize, cov: usize, out: usize, vc: usize, tangent: usize, v: usize, prow: usize,
  corrAt: usize, corrValue: usize, vtok: usize, pv: usize,
): void {
  TOKEN = token; STAY = stay; SKIP = skip; LO = lo; HI = hi; EMIT = emit; ALPHA = alpha; BETA = beta;
  P = p; X = x; FRAME_MAX = frameMax; FRAME_INV_Z = frameInvZ; SCALE_A = scaleA; SCALE_B = scaleB; FRAME_Z = frameZ;
  ROW_A = rowA; ROW_B = rowB; GAMMA = gamma; COV = cov; OUT = out; VC = vc; TANGENT = tangent; V = v; PROW = prow;
  CORR_AT = corrAt; CORR_VALUE = corrValue; VTOK = vtok; PV = pv;
}

