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
  rejectUnknownKeys(fn, options, [...CTC_OPTION_KEYS, ...extraKeys], { kind: 'option', prefix: 'options.' });
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

/**
 * Throws CtcInputError INVALID_OPTION for the first own key of `object` not in `known`, naming the
 * closest known key where one is close: ``unknown option `blank` (did you mean 'blankIndex'?)``.
 * `kind` words the message ('option', 'argument'); `prefix` makes the error's argument ('options.').
 */
export function rejectUnknownKeys(fn: string, object: object, known: readonly string[], naming: { kind: string; prefix: string }): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const near = closestKey(key, known);
    throw new CtcInputError(
      'INVALID_OPTION',
      fn,
      `${naming.prefix}${key}`,
      `unknown ${naming.kind} \`${key}\`${near ? ` (did you mean '${near}'?)` : ''}; known ${naming.kind}s: ${known.join(', ')}`,
    );
  }
}

/** A value as a message shows it: strings quoted, objects by type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
