import type { CtcBatch } from '../batch.js';
import type { CtcInputErrorCode } from '../errors.js';
import type { Tolerance } from '../math/deviation.js';
import type { CtcInputMode, CtcVariant } from '../options.js';

export const CTC_VECTORS_FORMAT = 'ctc-vectors/1';

/** A number as JSON holds it: non-finite values are the strings "inf", "-inf", "nan". */
export type JsonNumber = number | 'inf' | '-inf' | 'nan';
/** Nested arrays of JsonNumber (B x T x C and so on). */
export type JsonTensor = JsonNumber | JsonTensor[];

/** One case as it stands in a ctc-vectors/1 file. */
export interface CtcVectorCaseJson {
  name: string;
  variant: CtcVariant;
  blankIndex?: number;
  inputs?: CtcInputMode;
  zeroInfinity?: boolean;
  dims?: { B: number; T: number; C: number; L: number };
  logits: JsonTensor;
  logitLength: number[];
  labels: number[][];
  labelLength: number[];
  direction?: JsonTensor;
  expected?: { loss?: JsonTensor; gradient?: JsonTensor; hvp?: JsonTensor; hessian?: JsonTensor };
  expectedError?: CtcInputErrorCode;
  tolerance?: Partial<Tolerance>;
}

export interface CtcVectorFileJson {
  format: typeof CTC_VECTORS_FORMAT;
  description?: string;
  cases: CtcVectorCaseJson[];
}

/** Expected outputs, flat float64 arrays: loss [B], gradient/hvp [B,T,C], hessian [B,T,C,T,C]. */
export interface CtcVectorExpected {
  readonly loss?: Float64Array;
  readonly gradient?: Float64Array;
  readonly hvp?: Float64Array;
  readonly hessian?: Float64Array;
}

/** One case after reading: a batch ready for any backend plus what it must give. */
export interface CtcVectorCase {
  readonly name: string;
  readonly variant: CtcVariant;
  /** As written in the file (may be negative); passed to the backend unchanged. */
  readonly blankIndex: number;
  readonly inputs: CtcInputMode;
  readonly zeroInfinity: boolean;
  readonly batch: CtcBatch<Float64Array>;
  readonly direction?: Float64Array;
  readonly expected?: CtcVectorExpected;
  readonly expectedError?: CtcInputErrorCode;
  readonly tolerance?: Partial<Tolerance>;
}

/** A vector file that cannot be used; `path` points into the JSON, e.g. 'cases[2].logits[0][3]'. */
export class CtcVectorFormatError extends Error {
  override readonly name = 'CtcVectorFormatError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
