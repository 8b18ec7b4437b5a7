import { GraphBuilder } from '../onnx/graph-builder.js';
import { valueInfo } from '../onnx/proto.js';
import type { Lattice } from './lattice.js';
import { edgeRows, logSumExp3, lowest, shifted12 } from './log-space-ops.js';

export interface LatticeScan {
  /** [S, B] log alpha_{T-1} minus `logScale`. */
  readonly alphaLast: string;
  /** [1, B] sum over frames of the subtracted per-frame maxima. */
  readonly logScale: string;
  /** [T, S, B] log alpha_t minus its per-frame maximum over states (only with `backward`). */
  readonly alpha?: string;
  /** [T, S, B] log beta_t minus its per-frame maximum over states (only with `backward`). */
  readonly beta?: string;
}

/**
 * The forward and backward recursions as Scans over the T frames, vectorised over states and batch
 * ([S, B] per step):
 * - alpha (frame t = i):           alpha_t(s)    = z_t(l'_s) + lse_d [edge d into s] alpha_{t-1}(s - d)
 * - beta (reverse, t = T-1-i):     beta_{t-1}(s) = lse_d [edge d out of s] (beta_t + z_t)(s + d)
 * Two independent Scans, so ORT's parallel executor can run them on two cores at once. The bodies
 * use elementwise ops on [S, B] (ORT's broadcast Where costs ~50 us per step here).
 * Each step subtracts its maximum over states per sample, so values stay near 0 and float32 keeps
 * ~1e-7 relative precision at any length (unnormalised, alpha ~ -900 at T=600 holds only ~6e-5
 * absolute); posteriors are normalised per frame, so the offsets cancel there, and the loss adds back
 * `logScale`. The loss model runs the same alpha recursion, so loss() and lossAndGradient() agree
 * bit for bit.
 */
export function scanLattice(g: GraphBuilder, lat: Lattice, backward: boolean, emissions = lat.emissions): LatticeScan {
  const forward = scanAlpha(g, lat, backward, emissions);
  return backward ? { ...forward, beta: scanBeta(g, lat, emissions) } : forward;
}

/** x - max_s x per sample ([S, B] - [1, B]); an all -inf column subtracts the lowest finite value. */
function frameMax(body: GraphBuilder, x: string): string {
  return body.op('Max', [body.op('ReduceMax', [x], { axes: [0], keepdims: 1 }), lowest(body)]);
}

// Edge d = 1 (step) needs no mask: position s - 1 < 0 reads the -inf padding, and states
// s >= 2 U_b + 1 may hold mass but never reach an end state (beta = -inf there).
function stayTerm(body: GraphBuilder, lat: Lattice, x: string, bias: string): string {
  return lat.stayRestricted ? body.op('Add', [x, bias]) : x;
}

/**
 * alpha with per-frame normalisation; `keepAll` also returns alpha_t of every frame.
 * @param emissions [T, S, B] log emissions, built in `g` (which may be a subgraph of the lattice's graph)
 */
export function scanAlpha(g: GraphBuilder, lat: Lattice, keepAll: boolean, emissions: string): { alphaLast: string; logScale: string; alpha?: string } {
  const fwd = edgeRows(g, lat.fwdBias); // [S, B] each, built when used
  const body = new GraphBuilder('fa', g.dtype);
  const a = 'fa_alpha_in';
  const [a1, a2] = shifted12(body, a, 1); // alpha(s - 1), alpha(s - 2)
  const lse = logSumExp3(body, stayTerm(body, lat, a, fwd.stay), a1, body.op('Add', [a2, fwd.skip]));
  const raw = body.op('Add', [lse, 'fa_e']);
  const m = frameMax(body, raw); // [1, B]
  // Carries are the computing nodes' outputs; a scan output needs one Identity (a copy).
  const alphaOut = body.named('Sub', [raw, m], 'fa_alpha_out');
  body.named('Add', ['fa_scale_in', m], 'fa_scale_out');
  const outputs = ['fa_alpha_out', 'fa_scale_out'];
  if (keepAll) outputs.push(body.named('Identity', [alphaOut], 'fa_alpha_t'));
  const names = (xs: string[]) => xs.map((n) => valueInfo(n, g.dtype));
  const graph = body.graph('alpha_step', names([a, 'fa_scale_in', 'fa_e']), names(outputs));
  const scale0 = g.op('Slice', [lat.alphaInit, g.int([0]), g.int([1]), g.int([0])]); // [1, B]: row s = 0 is log 1 = 0
  const [alphaLast, logScale, alpha] = g.opN('Scan', [lat.alphaInit, scale0, emissions], outputs.length, { body: graph, num_scan_inputs: 1 }, 'alpha');
  return { alphaLast, logScale, alpha };
}

/** @param emissions [T, S, B] log emissions, built in `g` */
function scanBeta(g: GraphBuilder, lat: Lattice, emissions: string): string {
  const bwd = edgeRows(g, lat.bwdBias);
  const body = new GraphBuilder('fb', g.dtype);
  const w = body.op('Add', ['fb_beta_in', 'fb_e']); // beta_t + z_t
  const [w1, w2] = shifted12(body, w, -1); // w(s + 1), w(s + 2)
  const raw = logSumExp3(body, stayTerm(body, lat, w, bwd.stay), w1, body.op('Add', [w2, bwd.skip]));
  body.named('Sub', [raw, frameMax(body, raw)], 'fb_beta_out');
  body.named('Identity', ['fb_beta_in'], 'fb_beta_t');
  const names = (xs: string[]) => xs.map((n) => valueInfo(n, g.dtype));
  const graph = body.graph('beta_step', names(['fb_beta_in', 'fb_e']), names(['fb_beta_out', 'fb_beta_t']));
  const [, beta] = g.opN(
    'Scan',
    [lat.betaInit, emissions],
    2,
    { body: graph, num_scan_inputs: 1, scan_input_directions: [1], scan_output_directions: [1] },
    'beta',
  );
  return beta;
}
