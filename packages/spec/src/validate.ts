import { arrayKind, isFloatArrayKind, typeName } from './array-kind.js';
import type { CtcBatch, FloatArray } from './batch.js';
import { CtcInputError, type CtcInputErrorCode } from './errors.js';
import { normalizeBlankIndex, type CtcOptions, type ResolvedCtcOptions } from './options.js';
import { checkCtcOptions } from './validate-options.js';

/** Dims and lengths stay below 2^31 (int32 everywhere: GPU buffers, ONNX int64 feeds, tfjs int32). */
export const MAX_CTC_DIM = 2 ** 31 - 1;

/** What `validateCtcCall` checks beyond the batch and options. */
export interface ValidateCtcCallExtras {
  /** The HVP direction must be given (hessianVectorProduct); default false. */
  readonly requireDirection?: boolean;
  /** Option keys a backend or op takes beyond CtcOptions (e.g. an op's own keys). */
  readonly extraOptionKeys?: readonly string[];
}

/**
 * The one input validation every backend calls before computing anything.
 * Returns the options with defaults filled in and blankIndex normalised to [0, C).
 * Checks, in order: option keys and values, array types (by internal tag, so arrays from another
 * realm pass), dims (integers in [0, 2^31), C >= 1) and array sizes, blankIndex range,
 * logitLength/labelLength ranges, and labels within labelLength (range, not the blank).
 * With `timeMajor` the logits and direction are [T, B, C]: same sizes, other layout.
 * @param fn the public function name, used in messages ('loss', 'lossAndGradient', ...)
 * @param direction optional HVP direction [B, T, C] ([T, B, C] with timeMajor)
 */
export function validateCtcCall(
  fn: string,
  batch: CtcBatch,
  options?: CtcOptions,
  direction?: FloatArray,
  extras: ValidateCtcCallExtras = {},
): ResolvedCtcOptions {
  const fail = (code: CtcInputErrorCode, argument: string, message: string): never => {
    throw new CtcInputError(code, fn, argument, message);
  };
  const checked = checkCtcOptions(fn, options, extras.extraOptionKeys);

  if (batch === null || typeof batch !== 'object') {
    fail('INVALID_OPTION', 'batch', `expected \`batch\` to be an object, got ${String(batch)}`);
  }
  if (!isFloatArrayKind(batch.logits)) {
    fail('INVALID_OPTION', 'logits', `expected \`logits\` to be a Float32Array or Float64Array, got ${typeName(batch.logits)}`);
  }
  for (const name of ['labels', 'labelLength', 'logitLength'] as const) {
    if (arrayKind(batch[name]) !== 'Int32Array') {
      fail('INVALID_OPTION', name, `expected \`${name}\` to be an Int32Array, got ${typeName(batch[name])}`);
    }
  }
  if (direction === undefined && extras.requireDirection) {
    fail('INVALID_OPTION', 'direction', 'expected `direction` to be a Float32Array or Float64Array shaped like logits, got undefined');
  }
  if (direction !== undefined && !isFloatArrayKind(direction)) {
    fail('INVALID_OPTION', 'direction', `expected \`direction\` to be a Float32Array or Float64Array, got ${typeName(direction)}`);
  }

  const dims = batch.dims;
  if (dims === null || typeof dims !== 'object') {
    fail('SHAPE_MISMATCH', 'dims', `expected \`dims\` to be { B, T, C, L }, got ${String(dims)}`);
  }
  for (const d of ['B', 'T', 'C', 'L'] as const) {
    const v = dims[d];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_CTC_DIM) {
      fail('SHAPE_MISMATCH', `dims.${d}`, `expected \`dims.${d}\` to be an integer in [0, 2^31), got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
    }
  }
  const { B, T, C, L } = dims;
  if (C < 1) fail('SHAPE_MISMATCH', 'dims.C', `expected \`dims.C\` (tokens, blank included) to be at least 1, got ${C}`);
  const layout = checked.timeMajor ? `T*B*C = ${T}*${B}*${C}` : `B*T*C = ${B}*${T}*${C}`;
  const checkSize = (name: string, got: number, expected: number, shape: string) => {
    if (got !== expected) {
      fail('SHAPE_MISMATCH', name, `expected \`${name}\` to have ${expected} elements (${shape}), got ${got}`);
    }
  };
  checkSize('logits', batch.logits.length, B * T * C, layout);
  checkSize('labels', batch.labels.length, B * L, `B*L = ${B}*${L}`);
  checkSize('labelLength', batch.labelLength.length, B, `batch size B = ${B}`);
  checkSize('logitLength', batch.logitLength.length, B, `batch size B = ${B}`);
  if (direction !== undefined) checkSize('direction', direction.length, B * T * C, layout);

  const rawBlank = checked.blankIndex;
  if (rawBlank < -C || rawBlank >= C) {
    fail('BLANK_OUT_OF_RANGE', 'options.blankIndex', `expected \`options.blankIndex\` in [-C, C) = [${-C}, ${C}), got ${rawBlank}`);
  }
  const blankIndex = normalizeBlankIndex(rawBlank, C);

  for (let b = 0; b < B; b++) {
    const Tb = batch.logitLength[b];
    if (Tb < 0 || Tb > T) {
      fail('LENGTH_OUT_OF_RANGE', 'logitLength', `expected \`logitLength[${b}]\` in [0, T] = [0, ${T}], got ${Tb}`);
    }
    const Ub = batch.labelLength[b];
    if (Ub < 0 || Ub > L) {
      fail('LENGTH_OUT_OF_RANGE', 'labelLength', `expected \`labelLength[${b}]\` in [0, L] = [0, ${L}], got ${Ub}`);
    }
  }
  for (let b = 0; b < B; b++) {
    const Ub = batch.labelLength[b];
    for (let u = 0; u < Ub; u++) {
      const label = batch.labels[b * L + u];
      if (label < 0 || label >= C) {
        fail('LABEL_OUT_OF_RANGE', 'labels', `expected \`labels[${b}][${u}]\` in [0, C) = [0, ${C}), got ${label}`);
      }
      if (label === blankIndex) {
        fail('BLANK_IN_LABEL', 'labels', `expected \`labels[${b}][${u}]\` to differ from the blank index ${blankIndex}, got ${label}`);
      }
    }
  }
  return { ...checked, blankIndex };
}
