import type { CtcInputMode, CtcVariant } from '@seq2seq-losses/spec';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { ELEM, valueInfo, type IGraphProto, type OnnxDtype } from '../onnx/proto.js';
import { edgeRows } from './log-space-ops.js';
import type { Lattice } from './lattice.js';
import { probHalves, reverseStates } from './prob-halves.js';

/** Largest trusted W (see probForward): e^-600 = 3e-261 leaves every underflow far below float64 precision. */
const MAX_NEG_LOG_SHARE = 600;

/** Smallest finite log emission a float32 model exponentiates in float32 (exp stays a normal float). */
const FLOAT32_MIN_LOG_EMISSION = -80;

export interface ProbForward {
  /** [B] float64 -log P (before the edge-case selects; meaningless where `untrusted`). */
  readonly negLogP: string;
  /** [B] bool: underflow could matter, or a normaliser was 0 / inf / NaN (use the log-space path). */
  readonly untrusted: string;
  /** [B] bool, float32 models only: a log emission below -80 that float32 exp flushes (part of `untrusted`). */
  readonly emissionUnderflow?: string;
  /** With `full`: both halves over every frame, for the posteriors (prob-gradient.ts). */
  readonly full?: FullPass;
}

/**
 * The two halves continued over all T' = 2K frames (a second Scan of K steps from where the loss
 * pass stopped), as two per-frame tensors in frame and state order, each column scaled by the product
 * of its earlier normalisers:
 * - `alpha` [T', S, B]: forward columns after the emission, ~ alpha_t(s) (frames 0..T'-1);
 * - `beta` [T', S, B]: backward columns' transitions before the emission, ~ beta_t(s) =
 *   P(frames > t | s at t) (the Scans write them reversed in frames and states, so no copy is needed).
 * Each comes in two halves, frames 0..K-1 (`*First`/`*Second` by the Scan that made them).
 */
export interface FullPass {
  readonly alphaFirst: string; // [K, S, B] float64, frames 0..K-1
  readonly alphaSecond: string; // [K, S, B] float64, frames K..T'-1
  readonly betaFirst: string; // [K, S, B] float64, frames K..T'-1 (made by the first Scan)
  readonly betaSecond: string; // [K, S, B] float64, frames 0..K-1
}

/**
 * The forward recursion in probability space, float64 whatever the model's dtype, rescaled per frame,
 * run from both ends at once (prob-halves.ts: K = ceil(T/2) steps on [S, 2B]):
 *   e_t(s)    = exp(z[t, l'_s] - m_t)  (m_t = 0 for logits, max_c z[t, c] for log-probs; e <= 1)
 *   forward:  n_t(s) = e_t(s) (stay(s) a_{t-1}(s) + a_{t-1}(s-1) + skip(s) a_{t-1}(s-2)), a_{-1} = one-hot(0)
 *   backward: the same with states reversed (x_t = e_t beta_t), x_T' = one-hot(S_b - 1)
 *   c = sum_s n(s) per column and step, next = n / c
 *   P = prod c (both halves) * M * exp(sum_t m_t),  M = sum_s (transition of a_{K-1})(s) x_K(s).
 * Per step one Pad, two Slices, five elementwise ops, a ReduceSum and a [1, 2B] Reciprocal (float32
 * models add a Cast of e): no Exp or Log (ORT's Log is the dearest node of the log-space step).
 * Trust: an underflow (or a float64 emission exp(z) that underflowed) is off by <= 5e-324 in a column
 * that sums to 1, and carries at most that times the other half's probability (<= 1) of P; relative
 * to P that is <= 5e-324 e^W, W = w_fwd + w_bwd - log M, w = -min over suffixes of the column's sum
 * of log c. W <= 600 keeps the whole pass (fewer than 1e8 operations) within 2e-55 relative; beyond it
 * (losses over ~600, logits of 1e10, -inf logits that cut every path) and, in float32 models, for log
 * emissions below -80 (float32 exp would flush them) the sample takes the log-space path.
 */
export function probForward(g: GraphBuilder, lat: Lattice, variant: CtcVariant, inputs: CtcInputMode, full = false): ProbForward {
  const f64 = (x: string) => (g.dtype === 'float64' ? x : g.op('Cast', [x], { to: ELEM.float64 }));
  const d64 = (v: number) => g.float([v], [], 'float64');
  let z = lat.logProbs; // [B, T, C], padded frames (0 at blank, -inf elsewhere)
  let frameMax: string | undefined;
  if (inputs === 'logProbs') {
    frameMax = g.op('ReduceMax', [z], { axes: [2], keepdims: 1 }); // [B, T, 1]; all -inf only in invalid samples
    z = g.op('Sub', [z, frameMax]);
  }
  const halves = probHalves(g, z, lat, full);
  const edges = edgeRows(g, lat.fwdBias); // 0 / -inf additive masks -> 1 / 0 weights
  const weight = (bias: string) => f64(g.op('Exp', [bias])); // [S, B]
  const both = (w: string, shiftBy: number) => g.op('Concat', [w, reverseStates(g, shiftUp(g, w, shiftBy))], { axis: 1 }); // [S, 2B]
  const skipF = weight(edges.skip);
  const stayF = variant === 'simplified' ? weight(edges.stay) : undefined;
  // Edge s -> s + 2 exists iff the forward skip into s + 2 does; stay s -> s is its own reverse.
  const weights = { skip: both(skipF, 2), stay: stayF && both(stayF, 0) };

  const B = g.op('Unsqueeze', [g.op('Div', [g.op('Gather', [g.op('Shape', [halves.init]), g.int(1)]), g.int(2)]), g.int([0])]); // [1]
  const split = full ? { B, reversedStart: g.op('Concat', [g.int([-1]), B], { axis: 0 }) } : undefined;
  const step = (prefix: string) => probStep(prefix, g.dtype, weights, split);
  const scanAttrs = (directions: number[]) => ({ num_scan_inputs: 1, ...(full ? { scan_output_directions: directions } : {}) });
  const [last, scales, alphaFirst, betaFirst] = g.opN('Scan', [halves.init, halves.emit], full ? 4 : 2, { body: step('pa'), ...scanAttrs([0, 0, 1]) }, 'prob'); // [S, 2B], [K, 1, 2B]
  let fullPass: FullPass | undefined;
  if (full) {
    const [, alphaSecond, betaSecond] = g.opN('Scan', [last, halves.rest!], 3, { body: step('pq'), ...scanAttrs([0, 1]) }, 'prob2');
    fullPass = { alphaFirst, alphaSecond, betaFirst, betaSecond };
  }

  const [aLast, xLast] = g.opN('Split', [last], 2, { axis: 1 }); // [S, B] each
  const meet = g.op('Mul', [transition(g, aLast, { skip: skipF, stay: stayF }), reverseStates(g, xLast)]);
  const logM = g.op('Log', [g.op('ReduceSum', [meet, g.int([0])], { keepdims: 0 })]); // [B]
  const logC = g.op('Squeeze', [g.op('Log', [scales]), g.int([1])]); // [K, 2B]
  const sumLogC = g.op('ReduceSum', [logC, g.int([0])], { keepdims: 0 }); // [2B]
  const [sumF, sumB] = g.opN('Split', [sumLogC], 2, { axis: 0 });
  let logP = g.op('Add', [g.op('Add', [sumF, sumB]), logM]);
  if (frameMax) logP = g.op('Add', [logP, f64(g.op('ReduceSum', [frameMax, g.int([1, 2])], { keepdims: 0 }))]);
  const negLogP = g.op('Neg', [logP]);

  const suffix = g.op('CumSum', [logC, g.int(0)], { exclusive: 1, reverse: 1 }); // [K, 2B]
  const w = g.op('Neg', [g.op('Min', [g.op('ReduceMin', [suffix], { axes: [0], keepdims: 0 }), sumLogC])]); // [2B]
  const [wF, wB] = g.opN('Split', [w], 2, { axis: 0 });
  const share = g.op('Sub', [g.op('Add', [wF, wB]), logM]);
  // NaN (a normaliser of 0 or inf makes every later value NaN) compares false: untrusted.
  const trusted = g.op('And', [g.op('LessOrEqual', [share, d64(MAX_NEG_LOG_SHARE)]), g.op('Less', [g.op('Abs', [negLogP]), d64(Infinity)])]);
  let untrusted = g.op('Not', [trusted]);
  const emissionUnderflow = g.dtype === 'float32' ? float32Underflow(g, z) : undefined;
  if (emissionUnderflow) untrusted = g.op('Or', [untrusted, emissionUnderflow]);
  return { negLogP, untrusted, emissionUnderflow, full: fullPass };
}

/**
 * [B] bool: some finite log emission of the sample is below -80, near where float32 exp(z) leaves
 * the normal range (1.2e-38 = e^-87.3); padded frames hold only 0 and -inf. Such samples (frames
 * whose logits spread over 80 nats) take the log-space path.
 * @param z [B, T, C] float32
 */
function float32Underflow(g: GraphBuilder, z: string): string {
  const tiny = g.op('And', [g.op('Less', [z, g.float([FLOAT32_MIN_LOG_EMISSION])]), g.op('Not', [g.op('IsInf', [z], { detect_positive: 0 })])]);
  return g.op('Greater', [g.op('ReduceMax', [g.op('Cast', [tiny], { to: ELEM.float32 })], { axes: [1, 2], keepdims: 0 }), g.float([0])]);
}

/**
 * One step on [S, 2B]: n = e * transition(in), c = sum_s n, out = n / c. Scan outputs: c (the loss
 * pass, `prefix` 'pa') and, with `split` (the full pass), n of the forward columns [S, B] and the
 * transitions of the backward columns with the states put back in order [S, B].
 */
function probStep(prefix: string, dtype: OnnxDtype, weights: { skip: string; stay?: string }, split?: { B: string; reversedStart: string }): IGraphProto {
  const body = new GraphBuilder(prefix, 'float64');
  const input = `${prefix}_in`;
  const e = dtype === 'float64' ? `${prefix}_e` : body.op('Cast', [`${prefix}_e`], { to: ELEM.float64 }); // [S, 2B]
  const tr = transition(body, input, weights);
  const n = body.op('Mul', [tr, e]);
  const c = body.named('ReduceSum', [n, body.int([0])], `${prefix}_c`, { keepdims: 1 }); // [1, 2B] c
  body.named('Mul', [n, body.op('Reciprocal', [c])], `${prefix}_out`); // one division per column, not per state
  const outputs = [`${prefix}_out`];
  if (prefix === 'pa') outputs.push(c);
  if (split) {
    const big = Number.MAX_SAFE_INTEGER;
    outputs.push(body.op('Slice', [n, body.int([0]), split.B, body.int([1])])); // [S, B] forward columns
    outputs.push(body.op('Slice', [tr, split.reversedStart, body.int([-big, big]), body.int([0, 1]), body.int([-1, 1])])); // [S, B]
  }
  const names = (xs: string[]) => xs.map((x) => valueInfo(x, 'float64'));
  return body.graph(`${prefix}_step`, [valueInfo(input, 'float64'), valueInfo(`${prefix}_e`, dtype)], names(outputs));
}

/** stay(s) x(s) + x(s-1) + skip(s) x(s-2) for x [S, N] (no stay weight: classic, stay everywhere). */
function transition(g: GraphBuilder, x: string, w: { skip: string; stay?: string }): string {
  const padded = g.op('Pad', [x, g.int([2, 0, 0, 0]), g.float([0], [], 'float64')]); // [S + 2, N]
  const x1 = g.op('Slice', [padded, g.int([1]), g.int([-1]), g.int([0])]); // x(s - 1)
  const x2 = g.op('Slice', [padded, g.int([0]), g.int([-2]), g.int([0])]); // x(s - 2)
  const stay = w.stay ? g.op('Mul', [x, w.stay]) : x;
  return g.op('Add', [g.op('Add', [stay, x1]), g.op('Mul', [x2, w.skip])]);
}

/** x [S, B] moved up by k states: out[s] = x[s + k], 0 beyond the end. */
function shiftUp(g: GraphBuilder, x: string, k: number): string {
  if (k === 0) return x;
  const padded = g.op('Pad', [x, g.int([0, 0, k, 0]), g.float([0], [], 'float64')]);
  return g.op('Slice', [padded, g.int([k]), g.int([Number.MAX_SAFE_INTEGER]), g.int([0])]);
}
