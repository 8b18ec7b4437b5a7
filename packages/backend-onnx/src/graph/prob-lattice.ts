import { GraphBuilder } from '../onnx/graph-builder.js';
import { valueInfo } from '../onnx/proto.js';
import { INPUT } from './io-names.js';
import type { Lattice } from './lattice.js';
import { edgeRows, lowest, shifted12 } from './log-space-ops.js';

/** Per-frame rescaled probability-space alpha and beta over every frame, with their tangents, float64. */
export interface ProbLattice {
  /** [T, S, B] alpha_t / its sum over states (each frame sums to 1). */
  readonly alpha: string;
  /** [T, S, B] beta_t rescaled per frame (beta_{T-1} = 1 on the end states). */
  readonly beta: string;
  /** [T, S, B] rho_t = alpha_t r_t, r_t = E[sum of v over frames <= t | in s at t]. */
  readonly rho: string;
  /** [T, S, B] sigma_t = beta_t q_t, q_t = E[sum of v over frames > t | in s at t]. */
  readonly sigma: string;
  /** [B] -log P from the forward normalisers and the emission shifts (NaN / inf where P over- or underflowed). */
  readonly negLogP: string;
}

/**
 * The forward and backward recursions in probability space with their first-order tangents
 * (docs/math.md's r and q, carried multiplied by alpha / beta, so that no per-state division is needed),
 * one Scan each over the T frames, elementwise on [S, B] per step, no Exp or Log inside the loop:
 *   mix(x)(s) = stay x(s) + x(s-1) + skip x(s-2),   bmix(x)(s) = stay x(s) + x(s+1) + skip x(s+2)
 *   a_t = e_t mix(a_{t-1}) / c_t,  c_t = sum_s e_t mix(a_{t-1});     rho_t = e_t mix(rho_{t-1}) / c_t + a_t v_t
 *   b_{t-1} = bmix(e_t b_t) / N_t;                                   sigma_{t-1} = bmix(e_t (b_t v_t + sigma_t)) / N_t
 * with e_t = exp(z_t - shift_t), shift_t = max_s z_t(l'_s) per sample (exact: a per-frame constant
 * factor cancels in every posterior, and the loss adds it back: log P = sum_t (log c_t + shift_t) +
 * log sum_{end} a_{T-1}); states s >= S_b emit nothing. Underflow (live states far below dead ones,
 * logits of 1e10) is left to the caller's trust test (prob-hvp.ts).
 * @param tangents [T, S, B] v_t(l'_s), 0 on padded frames
 * @param g float64 graph
 */
export function probLattice(g: GraphBuilder, lat: Lattice, tangents: string): ProbLattice {
  const zero = g.float([0]);
  const shift = g.op('Max', [g.op('ReduceMax', [lat.emissions], { axes: [1], keepdims: 1 }), lowest(g)]); // [T, 1, B]
  const s = g.op('Unsqueeze', [g.op('Range', [g.int(0), lat.S, g.int(1)]), g.int([1])]); // [S, 1]
  const Sb = g.op('Add', [g.op('Mul', [INPUT.labelLengths, g.int(2)]), g.int(1)]); // [B] S_b = 2 U_b + 1
  const live = g.op('Less', [s, g.op('Unsqueeze', [Sb, g.int([0])])]); // [S, B] s < S_b
  const emit = g.op('Where', [live, g.op('Exp', [g.op('Sub', [lat.emissions, shift])]), zero]); // [T, S, B]
  const mask = (x: string) => edgeRows(g, g.op('Exp', [x])); // 0 / -inf additive masks -> 1 / 0 factors [S, B]
  const fwd = mask(lat.fwdBias);
  const bwd = mask(lat.bwdBias);
  const names = (xs: string[]) => xs.map((n) => valueInfo(n, g.dtype));
  const zeros = g.op('Expand', [zero, g.op('Shape', [lat.alphaInit])]); // [S, B]

  // Forward: carries a, rho [S, B]; scan inputs e_t, v_t; outputs a_t, rho_t, c_t [1, B].
  const fb = new GraphBuilder('pf', g.dtype);
  const mix = (x: string) => {
    const [x1, x2] = shifted12(fb, x, 1, 2, fb.float([0]));
    const stay = lat.stayRestricted ? fb.op('Mul', [x, fwd.stay]) : x;
    return fb.op('Add', [fb.op('Add', [stay, x1]), fb.op('Mul', [x2, fwd.skip])]);
  };
  const n = fb.op('Mul', ['pf_e', mix('pf_a_in')]);
  const c = fb.named('ReduceSum', [n, fb.int([0])], 'pf_c_t', { keepdims: 1 }); // [1, B]
  const a = fb.named('Div', [n, c], 'pf_a_out');
  const rhoMix = fb.op('Div', [fb.op('Mul', ['pf_e', mix('pf_rho_in')]), c]);
  fb.named('Add', [rhoMix, fb.op('Mul', [a, 'pf_v'])], 'pf_rho_out');
  fb.named('Identity', ['pf_a_out'], 'pf_a_t');
  fb.named('Identity', ['pf_rho_out'], 'pf_rho_t');
  const alphaInit = g.op('Exp', [lat.alphaInit]); // [S, B] one-hot s = 0
  const [aLast, , alpha, rho, cs] = g.opN(
    'Scan',
    [alphaInit, zeros, emit, tangents],
    5,
    {
      body: fb.graph('prob_alpha_step', names(['pf_a_in', 'pf_rho_in', 'pf_e', 'pf_v']), names(['pf_a_out', 'pf_rho_out', 'pf_a_t', 'pf_rho_t', 'pf_c_t'])),
      num_scan_inputs: 2,
    },
    'palpha',
  );

  // Backward (frames in reverse): carries b_t, sigma_t [S, B]; scan inputs e_t, v_t; outputs b_t, sigma_t.
  const bb = new GraphBuilder('pb', g.dtype);
  const bmix = (x: string) => {
    const [x1, x2] = shifted12(bb, x, -1, 2, bb.float([0]));
    const stay = lat.stayRestricted ? bb.op('Mul', [x, bwd.stay]) : x;
    return bb.op('Add', [bb.op('Add', [stay, x1]), bb.op('Mul', [x2, bwd.skip])]);
  };
  const m = bmix(bb.op('Mul', ['pb_e', 'pb_b_in']));
  const norm = bb.op('ReduceSum', [m, bb.int([0])], { keepdims: 1 }); // [1, B]
  bb.named('Div', [m, norm], 'pb_b_out');
  const carried = bb.op('Mul', ['pb_e', bb.op('Add', [bb.op('Mul', ['pb_b_in', 'pb_v']), 'pb_sigma_in'])]);
  bb.named('Div', [bmix(carried), norm], 'pb_sigma_out');
  bb.named('Identity', ['pb_b_in'], 'pb_b_t');
  bb.named('Identity', ['pb_sigma_in'], 'pb_sigma_t');
  const betaInit = g.op('Where', [lat.endMask, g.float([1]), zero]); // [S, B]
  const [, , beta, sigma] = g.opN(
    'Scan',
    [betaInit, zeros, emit, tangents],
    4,
    {
      body: bb.graph('prob_beta_step', names(['pb_b_in', 'pb_sigma_in', 'pb_e', 'pb_v']), names(['pb_b_out', 'pb_sigma_out', 'pb_b_t', 'pb_sigma_t'])),
      num_scan_inputs: 2,
      scan_input_directions: [1, 1],
      scan_output_directions: [1, 1],
    },
    'pbeta',
  );

  const ends = g.op('ReduceSum', [g.op('Where', [lat.endMask, aLast, zero]), g.int([0])], { keepdims: 0 }); // [B]
  const logScale = g.op('ReduceSum', [g.op('Add', [g.op('Log', [cs]), shift]), g.int([0, 1])], { keepdims: 0 }); // [B]
  const negLogP = g.op('Neg', [g.op('Add', [logScale, g.op('Log', [ends])])]);
  return { alpha, beta, rho, sigma, negLogP };
}
