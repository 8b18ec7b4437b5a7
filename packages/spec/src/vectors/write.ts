import type { CtcBatch } from '../batch.js';
import type { CtcInputErrorCode } from '../errors.js';
import type { Tolerance } from '../math/deviation.js';
import type { CtcInputMode, CtcVariant } from '../options.js';
import { CTC_VECTORS_FORMAT, type CtcVectorCaseJson, type CtcVectorFileJson, type JsonNumber, type JsonTensor } from './format.js';

/** What the writer takes for one case: flat arrays, as backends return them. */
export interface CtcVectorCaseInput {
  readonly name: string;
  readonly variant: CtcVariant;
  readonly blankIndex?: number;
  readonly inputs?: CtcInputMode;
  readonly zeroInfinity?: boolean;
  readonly batch: CtcBatch;
  readonly direction?: ArrayLike<number>;
  readonly expected?: {
    readonly loss?: ArrayLike<number>;
    readonly gradient?: ArrayLike<number>;
    readonly hvp?: ArrayLike<number>;
    readonly hessian?: ArrayLike<number>;
  };
  readonly expectedError?: CtcInputErrorCode;
  readonly tolerance?: Partial<Tolerance>;
}

/** Builds a ctc-vectors/1 document; `dims` is always written so zero-size cases read back. */
export function toVectorFileJson(cases: readonly CtcVectorCaseInput[], description?: string): CtcVectorFileJson {
  return {
    format: CTC_VECTORS_FORMAT,
    ...(description ? { description } : {}),
    cases: cases.map(caseToJson),
  };
}

/** Serialises cases to the text of a ctc-vectors/1 file (one case per line block, numbers at full precision). */
export function writeVectorFile(cases: readonly CtcVectorCaseInput[], description?: string): string {
  return JSON.stringify(toVectorFileJson(cases, description), null, 1) + '\n';
}

function caseToJson(c: CtcVectorCaseInput): CtcVectorCaseJson {
  const { B, T, C, L } = c.batch.dims;
  const out: CtcVectorCaseJson = {
    name: c.name,
    variant: c.variant,
    ...(c.blankIndex !== undefined ? { blankIndex: c.blankIndex } : {}),
    ...(c.inputs !== undefined ? { inputs: c.inputs } : {}),
    ...(c.zeroInfinity !== undefined ? { zeroInfinity: c.zeroInfinity } : {}),
    dims: { B, T, C, L },
    logits: nest(c.batch.logits, [B, T, C]),
    logitLength: Array.from(c.batch.logitLength),
    labels: nest(c.batch.labels, [B, L]) as number[][],
    labelLength: Array.from(c.batch.labelLength),
  };
  if (c.direction) out.direction = nest(c.direction, [B, T, C]);
  if (c.expected) {
    const e = c.expected;
    out.expected = {
      ...(e.loss ? { loss: nest(e.loss, [B]) } : {}),
      ...(e.gradient ? { gradient: nest(e.gradient, [B, T, C]) } : {}),
      ...(e.hvp ? { hvp: nest(e.hvp, [B, T, C]) } : {}),
      ...(e.hessian ? { hessian: nest(e.hessian, [B, T, C, T, C]) } : {}),
    };
  }
  if (c.expectedError) out.expectedError = c.expectedError;
  if (c.tolerance) out.tolerance = { ...c.tolerance };
  return out;
}

/** Flat row-major array to nested arrays of `shape`; non-finite numbers become strings. */
function nest(flat: ArrayLike<number>, shape: readonly number[]): JsonTensor[] {
  let k = 0;
  const build = (depth: number): JsonTensor[] => {
    const row: JsonTensor[] = [];
    for (let i = 0; i < shape[depth]; i++) row.push(depth === shape.length - 1 ? toJsonNumber(flat[k++]) : build(depth + 1));
    return row;
  };
  return build(0);
}

function toJsonNumber(v: number): JsonNumber {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v !== v) return 'nan';
  return Object.is(v, -0) ? 0 : v;
}
