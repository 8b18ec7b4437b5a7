import type { CtcBatch, FloatArray } from './batch.js';
import { CtcInputError } from './errors.js';
import {
  CTC_INPUT_MODES,
  CTC_VARIANTS,
  DEFAULT_CTC_OPTIONS,
  normalizeBlankIndex,
  type CtcOptions,
  type ResolvedCtcOptions,
} from './options.js';

/**
 * The one input validation every backend calls before computing anything.
 * Returns the options with defaults filled in and blankIndex normalised to [0, C).
 * Checks, in order: option values, array types, dims and array sizes, blankIndex range,
 * logitLength/labelLength ranges, and labels within labelLength (range, not the blank).
 * @param fn the public function name, used in messages ('loss', 'lossAndGradient', ...)
 * @param direction optional HVP direction [B, T, C]
 */
export function validateCtcCall(
  fn: string,
  batch: CtcBatch,
  options: CtcOptions = {},
  direction?: FloatArray,
): ResolvedCtcOptions {
  const fail = (code: ConstructorParameters<typeof CtcInputError>[0], argument: string, message: string): never => {
    throw new CtcInputError(code, fn, argument, message);
  };

  if (options === null || typeof options !== 'object') {
    fail('INVALID_OPTION', 'options', `expected \`options\` to be an object, got ${String(options)}`);
  }
  const variant = options.variant ?? DEFAULT_CTC_OPTIONS.variant;
  if (!CTC_VARIANTS.includes(variant)) {
    fail('INVALID_OPTION', 'options.variant', `expected \`options.variant\` to be one of ${CTC_VARIANTS.join(', ')}, got ${JSON.stringify(variant)}`);
  }
  const inputs = options.inputs ?? DEFAULT_CTC_OPTIONS.inputs;
  if (!CTC_INPUT_MODES.includes(inputs)) {
    fail('INVALID_OPTION', 'options.inputs', `expected \`options.inputs\` to be one of ${CTC_INPUT_MODES.join(', ')}, got ${JSON.stringify(inputs)}`);
  }
  const zeroInfinity = options.zeroInfinity ?? DEFAULT_CTC_OPTIONS.zeroInfinity;
  if (typeof zeroInfinity !== 'boolean') {
    fail('INVALID_OPTION', 'options.zeroInfinity', `expected \`options.zeroInfinity\` to be a boolean, got ${JSON.stringify(zeroInfinity)}`);
  }
  const rawBlank = options.blankIndex ?? DEFAULT_CTC_OPTIONS.blankIndex;
  if (typeof rawBlank !== 'number' || !Number.isInteger(rawBlank)) {
    fail('INVALID_OPTION', 'options.blankIndex', `expected \`options.blankIndex\` to be an integer, got ${String(rawBlank)}`);
  }

  if (batch === null || typeof batch !== 'object') {
    fail('INVALID_OPTION', 'batch', `expected \`batch\` to be an object, got ${String(batch)}`);
  }
  const isFloat = (a: unknown) => a instanceof Float32Array || a instanceof Float64Array;
  if (!isFloat(batch.logits)) {
    fail('INVALID_OPTION', 'logits', `expected \`logits\` to be a Float32Array or Float64Array, got ${typeName(batch.logits)}`);
  }
  for (const name of ['labels', 'labelLength', 'logitLength'] as const) {
    if (!(batch[name] instanceof Int32Array)) {
      fail('INVALID_OPTION', name, `expected \`${name}\` to be an Int32Array, got ${typeName(batch[name])}`);
    }
  }
  if (direction !== undefined && !isFloat(direction)) {
    fail('INVALID_OPTION', 'direction', `expected \`direction\` to be a Float32Array or Float64Array, got ${typeName(direction)}`);
  }

  const dims = batch.dims;
  if (dims === null || typeof dims !== 'object') {
    fail('SHAPE_MISMATCH', 'dims', `expected \`dims\` to be { B, T, C, L }, got ${String(dims)}`);
  }
  for (const d of ['B', 'T', 'C', 'L'] as const) {
    const v = dims[d];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      fail('SHAPE_MISMATCH', `dims.${d}`, `expected \`dims.${d}\` to be a non-negative integer, got ${String(v)}`);
    }
  }
  const { B, T, C, L } = dims;
  const checkSize = (name: string, got: number, expected: number, shape: string) => {
    if (got !== expected) {
      fail('SHAPE_MISMATCH', name, `expected \`${name}\` to have ${expected} elements (${shape}), got ${got}`);
    }
  };
  checkSize('logits', batch.logits.length, B * T * C, `B*T*C = ${B}*${T}*${C}`);
  checkSize('labels', batch.labels.length, B * L, `B*L = ${B}*${L}`);
  checkSize('labelLength', batch.labelLength.length, B, `batch size B = ${B}`);
  checkSize('logitLength', batch.logitLength.length, B, `batch size B = ${B}`);
  if (direction !== undefined) checkSize('direction', direction.length, B * T * C, `B*T*C = ${B}*${T}*${C}`);

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
  return { variant, blankIndex, inputs, zeroInfinity };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
