import { parseArgs } from 'node:util';

/**
 * @typedef {import('node:util').ParseArgsConfig['options']} OwnOptions
 * @typedef {{
 *   usage: string,
 *   reps: number,
 *   warmup?: number,
 *   torch?: boolean,
 *   out?: boolean,
 *   options?: OwnOptions,
 * }} FlagSpec
 *   usage: the script's usage line(s), printed by --help and with a bad flag; reps, warmup: the
 *   script's defaults; torch: the script has a PyTorch baseline (adds --no-torch); out: it saves its
 *   results (adds --out FILE); options: the
 *   script's own flags (node:util parseArgs options).
 * @typedef {{
 *   reps: number, warmup: number, out: string | undefined, torch: boolean,
 *   timing: import('./time-it.mjs').TimeOptions, values: Record<string, any>,
 * }} BenchFlags
 *   timing: { warmup, warmupSeconds: WARMUP_SECONDS, reps } for timeIt; values: every parsed flag.
 */

/** The flags every package benchmark script takes (bench/README.md, "Package benchmark scripts"). */
export const COMMON_FLAGS_USAGE = `common flags:
  --reps N      timed calls per measurement (--runs N is the same)
  --warmup N    untimed calls before them (and at least 0.3 s of them)
  --out FILE    also write the results as JSON (scripts that save results)
  --no-torch    no PyTorch baseline (scripts that have one)
  --help        this text`;

/**
 * The script-side warm-up rule: at least `warmup` calls and at least this many seconds (JIT, worker
 * pools, GPU pipelines warm), for timeIt's warmupSeconds.
 */
export const WARMUP_SECONDS = 0.3;

/**
 * Parses a package benchmark script's flags: the common ones and `spec.options`. Unknown flags and
 * bad numbers print the usage and exit 2; --help prints it and exits 0.
 * @param {FlagSpec} spec
 * @param {readonly string[]} [argv]
 * @returns {BenchFlags}
 */
export function parseBenchFlags(spec, argv = process.argv.slice(2)) {
  const usage = `${spec.usage}\n${COMMON_FLAGS_USAGE}`;
  const fail = (/** @type {string} */ message) => {
    console.error(`${message}\n${usage}`);
    process.exit(2);
  };
  /** @type {Record<string, any>} */
  let values = {};
  try {
    const options = {
      reps: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      ...(spec.out ? { out: { type: 'string' } } : {}),
      help: { type: 'boolean', short: 'h' },
      ...(spec.torch ? { 'no-torch': { type: 'boolean' } } : {}),
      ...spec.options,
    };
    values = parseArgs({ args: [...argv], options: /** @type {OwnOptions} */ (options), strict: true }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const count = (/** @type {string} */ name, /** @type {string | undefined} */ text, /** @type {number} */ fallback, min = 1) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) fail(`--${name} needs an integer >= ${min}, got ${text}`);
    return n;
  };
  const reps = count('reps', values.reps ?? values.runs, spec.reps);
  const warmup = count('warmup', values.warmup, spec.warmup ?? 2, 0);
  return { reps, warmup, out: values.out, torch: Boolean(spec.torch) && !values['no-torch'], timing: { warmup, warmupSeconds: WARMUP_SECONDS, reps }, values };
}
