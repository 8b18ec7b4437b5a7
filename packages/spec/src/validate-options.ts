import { closestKey } from './closest-key.js';
import { CtcInputError } from './errors.js';
import { CTC_INPUT_MODES, CTC_OPTION_KEYS, CTC_VARIANTS, DEFAULT_CTC_OPTIONS, type CtcOptions, type ResolvedCtcOptions } from './options.js';

/**
 * Checks `options` (keys, then each value's type) and fills in the defaults. Only `undefined` means
 * the default: `null`, strings for booleans and the like are INVALID_OPTION errors. Keys other than
 * CTC_OPTION_KEYS and `extraKeys` (a backend's own, e.g. an op's reduction) are INVALID_OPTION
 * errors naming the closest known key. blankIndex comes back as given (its range needs C).
 */
export function checkCtcOptions(fn: string, options: CtcOptions | undefined, extraKeys: readonly string[] = []): ResolvedCtcOptions {
  const fail = (argument: string, message: string): never => {
    throw new CtcInputError('INVALID_OPTION', fn, argument, message);
  };
  if (options === undefined) return { ...DEFAULT_CTC_OPTIONS };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail('options', `expected \`options\` to be an object, got ${describeValue(options)}`);
  }
  const known = [...CTC_OPTION_KEYS, ...extraKeys];
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = closestKey(key, known);
    fail(`options.${key}`, `unknown option \`${key}\`${near ? ` (did you mean '${near}'?)` : ''}; known options: ${known.join(', ')}`);
  }
  const pick = <K extends keyof CtcOptions>(key: K): NonNullable<CtcOptions[K]> | typeof DEFAULT_CTC_OPTIONS[K] =>
    options[key] === undefined ? DEFAULT_CTC_OPTIONS[key] : (options[key] as NonNullable<CtcOptions[K]>);
  const oneOf = <V extends string>(key: keyof CtcOptions, allowed: readonly V[]): V => {
    const v = pick(key) as V;
    if (!allowed.includes(v)) fail(`options.${key}`, `expected \`options.${key}\` to be one of ${allowed.join(', ')}, got ${describeValue(v)}`);
    return v;
  };
  const flag = (key: 'zeroInfinity' | 'timeMajor'): boolean => {
    const v = pick(key);
    if (typeof v !== 'boolean') fail(`options.${key}`, `expected \`options.${key}\` to be a boolean, got ${describeValue(v)}`);
    return v;
  };
  const variant = oneOf('variant', CTC_VARIANTS);
  const inputs = oneOf('inputs', CTC_INPUT_MODES);
  const zeroInfinity = flag('zeroInfinity');
  const timeMajor = flag('timeMajor');
  const blankIndex = pick('blankIndex');
  if (typeof blankIndex !== 'number' || !Number.isInteger(blankIndex)) {
    fail('options.blankIndex', `expected \`options.blankIndex\` to be an integer, got ${describeValue(blankIndex)}`);
  }
  return { variant, blankIndex, inputs, zeroInfinity, timeMajor };
}

/** A value as a message shows it: strings quoted, objects by type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
