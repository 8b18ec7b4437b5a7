import { GraphBuilder } from '../onnx/graph-builder.js';
import { valueInfo } from '../onnx/proto.js';
import type { Lattice } from './lattice.js';
import { shifted12 } from './log-space-ops.js';

/** Per-edge weights [T, S, B] for d = 0, 1, 2 (stay, step, skip). */
export type EdgeWeights = readonly [string, string, string];

/**
 * The tangent (first-order expectation) recursions of docs/math.md, one Scan, elementwise on [S, B]:
 * - r_t(s) = v_t(l'_s) + sum_d Wf_t[d](s) r_{t-1}(s - d)      (forward, frame t = i)
 *   r = E[sum of v over frames <= t | in s at t]; Wf = incoming alpha weights.
 * - q_t(s) = sum_d Ub_t[d](s) (v_{t+1} + q_{t+1})(s + d)       (backward, frame t = T-1-i)
 *   q = E[sum of v over frames > t | in s at t]; Ub = outgoing (emission * beta) weights.
 * @param tangents [T, S, B] v_t(l'_s) (the direction, centred per frame)
 * @returns r, q: [T, S, B]
 */
export function scanTangent(
  g: GraphBuilder,
  lat: Lattice,
  weightsFwd: EdgeWeights,
  weightsBwd: EdgeWeights,
  tangents: string,
): { r: string; q: string } {
  const body = new GraphBuilder('rq', g.dtype);
  const zero = body.float([0]);
  // sum_d w_d * x(s -/+ d), with 0 outside the lattice (the weights are 0 there too)
  const mix = (w: readonly string[], x: string, sign: 1 | -1) =>
    [x, ...shifted12(body, x, sign, 2, zero)].map((xd, d) => body.op('Mul', [w[d], xd]));
  const [r0, r1, r2] = mix(['rq_wf0', 'rq_wf1', 'rq_wf2'], 'rq_r_in', 1);
  const r = body.named('Add', [body.op('Add', [body.op('Add', ['rq_v_fwd', r0]), r1]), r2], 'rq_r_out');
  const [q0, q1, q2] = mix(['rq_ub0', 'rq_ub1', 'rq_ub2'], 'rq_g_in', -1);
  const q = body.named('Add', [body.op('Add', [q0, q1]), q2], 'rq_q_t');
  body.named('Add', ['rq_v_bwd', q], 'rq_g_out'); // v_t + q_t, read by frame t - 1
  body.named('Identity', [r], 'rq_r_t');
  const names = (xs: string[]) => xs.map((n) => valueInfo(n, g.dtype));
  const graph = body.graph(
    'tangent_step',
    names(['rq_r_in', 'rq_g_in', 'rq_wf0', 'rq_wf1', 'rq_wf2', 'rq_v_fwd', 'rq_ub0', 'rq_ub1', 'rq_ub2', 'rq_v_bwd']),
    names(['rq_r_out', 'rq_g_out', 'rq_r_t', 'rq_q_t']),
  );
  const zeros = g.op('Expand', [g.float([0]), g.op('Shape', [lat.alphaInit])]); // [S, B]
  const [, , rAll, qAll] = g.opN(
    'Scan',
    [zeros, zeros, ...weightsFwd, tangents, ...weightsBwd, tangents],
    4,
    {
      body: graph,
      num_scan_inputs: 8,
      scan_input_directions: [0, 0, 0, 0, 1, 1, 1, 1],
      scan_output_directions: [0, 1],
    },
    'rq',
  );
  return { r: rAll, q: qAll };
}
