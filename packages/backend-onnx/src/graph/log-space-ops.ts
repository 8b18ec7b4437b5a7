import { once, type GraphBuilder } from '../onnx/graph-builder.js';

/** -inf of the graph's dtype: log 0. */
export function negInf(g: GraphBuilder): string {
  return g.float([-Infinity]);
}

/** The most negative finite value of the graph's dtype (stands in for a -inf maximum). */
export function lowest(g: GraphBuilder): string {
  return g.float([g.dtype === 'float64' ? -Number.MAX_VALUE : -3.4028234663852886e38]);
}

export interface LogSumExpParts {
  /** log sum_axis exp(x), the axis removed. -inf for an empty or all -inf set; NaN if any NaN. */
  readonly lse: string;
  /** exp(x - max) (0 where x = -inf), the shape of x. */
  readonly scaled: string;
  /** sum_axis of `scaled`, axis kept: 0 (nothing finite) or in [1, n]. */
  readonly sum: string;
}

/**
 * Log-sum-exp over one axis with max subtraction, -inf safe without arithmetic masks
 * (ORT 1.30's ReduceLogSumExp is not: it returns -inf for [-inf, -800]):
 * m = max(x) clamped to the lowest finite value, so an all -inf set gives
 * log(sum exp(-inf - m)) + m = log 0 + m = -inf, never -inf - -inf = NaN.
 */
export function logSumExp(g: GraphBuilder, x: string, axis: number): LogSumExpParts {
  const m = g.op('ReduceMax', [x], { axes: [axis], keepdims: 1 });
  const ms = g.op('Max', [m, lowest(g)]);
  const scaled = g.op('Exp', [g.op('Sub', [x, ms])]);
  const sum = g.op('ReduceSum', [scaled, g.int([axis])], { keepdims: 1 });
  const lse = once(() => g.op('Squeeze', [g.op('Add', [g.op('Log', [sum]), ms]), g.int([axis])]));
  return {
    get lse() {
      return lse(); // built on first use: softmax weights need only `scaled` and `sum`
    },
    scaled,
    sum,
  };
}

/**
 * Normalised weights softmax_axis(x) from logSumExp parts: scaled / max(sum, 1).
 * Exact: sum >= 1 whenever any entry is finite (the maximum contributes exp(0) = 1),
 * and sum = 0 means every weight is 0 (scaled = 0), so no 0/0.
 */
export function softmaxWeights(g: GraphBuilder, parts: LogSumExpParts): string {
  return g.op('Div', [parts.scaled, g.op('Max', [parts.sum, g.float([1])])]);
}

/**
 * lse(a0, a1, a2) elementwise, -inf safe: m = max(a0, a1, a2, lowest), so three -inf give
 * log(0) + m = -inf, never NaN; NaN inputs give NaN.
 */
export function logSumExp3(g: GraphBuilder, a0: string, a1: string, a2: string, output?: string): string {
  const m = g.op('Max', [a0, a1, a2, lowest(g)]);
  const e = (a: string) => g.op('Exp', [g.op('Sub', [a, m])]);
  const sum = g.op('Add', [g.op('Add', [e(a0), e(a1)]), e(a2)]);
  const log = g.op('Log', [sum]);
  return output ? g.named('Add', [log, m], output) : g.op('Add', [log, m]);
}

/**
 * x [..., S, B] shifted along the states by 1 and 2 (one Pad, two Slices):
 * out_d[s] = x[s - d] (sign +1, predecessors) or x[s + d] (sign -1, successors), `fill`
 * (default -inf) outside [0, S).
 * @param rank rank of x (states are axis rank - 2)
 */
export function shifted12(g: GraphBuilder, x: string, sign: 1 | -1, rank = 2, fill?: string): [string, string] {
  const axis = rank - 2;
  const pads = new Array<number>(2 * rank).fill(0);
  pads[sign > 0 ? axis : rank + axis] = 2;
  const padded = g.op('Pad', [x, g.int(pads), fill ?? negInf(g)]); // [..., S + 2, B]
  const slice = (start: number, end: number) => g.op('Slice', [padded, g.int([start]), g.int([end]), g.int([axis])]);
  const end = Number.MAX_SAFE_INTEGER;
  return sign > 0 ? [slice(1, -1), slice(0, -2)] : [slice(1, -1), slice(2, end)];
}

/** x [..., S, B] shifted along the states by one: out[s] = x[s - k] for k = +-1, `fill` outside. */
export function shifted1(g: GraphBuilder, x: string, k: 1 | -1, rank = 2, fill?: string): string {
  const axis = rank - 2;
  const pads = new Array<number>(2 * rank).fill(0);
  pads[k > 0 ? axis : rank + axis] = 1;
  const padded = g.op('Pad', [x, g.int(pads), fill ?? negInf(g)]); // [..., S + 1, B]
  return k > 0
    ? g.op('Slice', [padded, g.int([0]), g.int([-1]), g.int([axis])])
    : g.op('Slice', [padded, g.int([1]), g.int([Number.MAX_SAFE_INTEGER]), g.int([axis])]);
}

/** The three edge rows [S, B] of a [3, S, B] tensor (stay, step, skip), each built on first use. */
export function edgeRows(g: GraphBuilder, x: string): { readonly stay: string; readonly step: string; readonly skip: string } {
  const row = (d: number) => once(() => g.op('Gather', [x, g.int(d)], { axis: 0 }));
  const [stay, step, skip] = [row(0), row(1), row(2)];
  return {
    get stay() {
      return stay();
    },
    get step() {
      return step();
    },
    get skip() {
      return skip();
    },
  };
}

