import type { CtcVariant } from '@seq2seq-losses/spec';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { INPUT } from './io-names.js';

export interface SampleCheckInputs {
  readonly z: string; // [B, T, C] log-probs before padded frames are replaced
  readonly labels: string; // [B, L] int64, blank beyond U_b
  readonly uValid: string; // [B, L] bool u < U_b
  readonly frameValid: string; // [B, T] bool t < T_b
  readonly variant: CtcVariant;
  /** z = log_softmax(logits): a bad frame is a NaN row there, so one row sum finds it. */
  readonly fromLogits: boolean;
}

/**
 * Per-sample facts that decide the edge cases of docs/math.md, vectorised over the batch:
 * - feasible [B]: T_b >= U_b + R_b (classic, R_b = adjacent repeats) or T_b >= U_b (simplified);
 *   checked first: an infeasible sample is +inf whatever its frames hold.
 * - invalid [B]: some frame t < T_b is all -inf or holds NaN / +inf: the sample's outputs are NaN.
 */
export function sampleChecks(g: GraphBuilder, x: SampleCheckInputs): { feasible: string; invalid: string } {
  const toFloat = (b: string) => g.op('Cast', [b], { to: g.dtype === 'float64' ? 11 : 1 });
  const anyOver = (b: string, axis: number) =>
    g.op('Greater', [g.op('ReduceMax', [toFloat(b)], { axes: [axis], keepdims: 0 }), g.float([0])]);

  let minFrames: string = INPUT.labelLengths; // [B]
  if (x.variant === 'classic') {
    const prev = g.op('Pad', [x.labels, g.int([0, 1, 0, -1]), g.int(-1)]); // [B, L] w_{u-1}, -1 at u = 0
    const repeat = g.op('And', [x.uValid, g.op('Equal', [x.labels, prev])]);
    const repeats = g.op('ReduceSum', [g.op('Cast', [repeat], { to: 7 }), g.int([1])], { keepdims: 0 }); // [B]
    minFrames = g.op('Add', [minFrames, repeats]);
  }
  const feasible = g.op('GreaterOrEqual', [INPUT.logitLengths, minFrames]);

  // Row sums [B, T]: NaN if a NaN is present (or +inf with -inf), +inf if +inf is present.
  const rowSum = g.op('ReduceSum', [x.z, g.int([-1])], { keepdims: 0 });
  let frameBad = g.op('IsNaN', [rowSum]);
  if (!x.fromLogits) {
    const posInf = g.op('IsInf', [rowSum], { detect_positive: 1, detect_negative: 0 });
    const allNegInf = g.op('IsInf', [g.op('ReduceMax', [x.z], { axes: [-1], keepdims: 0 })], { detect_positive: 0, detect_negative: 1 });
    frameBad = g.op('Or', [g.op('Or', [frameBad, posInf]), allNegInf]);
  }
  const invalid = anyOver(g.op('And', [frameBad, x.frameValid]), 1); // [B]
  return { feasible, invalid };
}
