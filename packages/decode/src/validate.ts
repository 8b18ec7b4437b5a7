import { CtcInputError, validateCtcCall, type CtcInputErrorCode } from '@seq2seq-losses/spec';
import type { AlignInput, DecodeInput, DecodeOptions, ResolvedDecodeOptions } from './types.js';

/** Throws the typed error every check here raises. */
export function fail(code: CtcInputErrorCode, fn: string, argument: string, message: string): never {
  throw new CtcInputError(code, fn, argument, message);
}

/**
 * Validates a decoder call with spec's `validateCtcCall` (the losses' checks and messages: option
 * values, array types, dims and sizes, blankIndex, logitLength; labels when `withLabels`), plus
 * `options.timeMajor`. Returns every option set and blankIndex in [0, C).
 */
export function validateDecodeCall(
  fn: string,
  input: DecodeInput | AlignInput,
  options: DecodeOptions = {},
  withLabels = false,
): ResolvedDecodeOptions {
  if (options === null || typeof options !== 'object') {
    fail('INVALID_OPTION', fn, 'options', `expected \`options\` to be an object, got ${String(options)}`);
  }
  if (input === null || typeof input !== 'object') {
    fail('INVALID_OPTION', fn, 'input', `expected the input to be an object, got ${String(input)}`);
  }
  const timeMajor = options.timeMajor ?? false;
  if (typeof timeMajor !== 'boolean') {
    fail('INVALID_OPTION', fn, 'options.timeMajor', `expected \`options.timeMajor\` to be a boolean, got ${JSON.stringify(timeMajor)}`);
  }
  const lossOptions = { variant: options.variant, blankIndex: options.blankIndex, inputs: options.inputs };
  if (withLabels) {
    const resolved = validateCtcCall(fn, input as AlignInput, lossOptions);
    return { variant: resolved.variant, blankIndex: resolved.blankIndex, inputs: resolved.inputs, timeMajor };
  }
  // No labels: an empty label per sample, so spec's checks cover everything else.
  const dims = input.dims;
  const B = dims !== null && typeof dims === 'object' && Number.isInteger(dims.B) && dims.B >= 0 ? dims.B : 0;
  const batch = {
    logits: input.logits,
    logitLength: input.logitLength,
    labels: new Int32Array(0),
    labelLength: new Int32Array(B),
    dims: dims !== null && typeof dims === 'object' ? { ...dims, L: 0 } : dims,
  };
  const resolved = validateCtcCall(fn, batch as never, lossOptions);
  return { variant: resolved.variant, blankIndex: resolved.blankIndex, inputs: resolved.inputs, timeMajor };
}

/** An integer option in [lo, hi]; undefined gives `fallback`. */
export function integerOption(fn: string, name: string, value: unknown, lo: number, hi: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    const range = hi === Infinity ? `an integer >= ${lo}` : `an integer in [${lo}, ${hi}]`;
    fail('INVALID_OPTION', fn, `options.${name}`, `expected \`options.${name}\` to be ${range}, got ${String(value)}`);
  }
  return value;
}
