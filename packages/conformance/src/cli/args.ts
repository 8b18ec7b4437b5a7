import { parseArgs } from 'node:util';

export interface CliOptions {
  readonly list: boolean;
  readonly help: boolean;
  readonly backends: string[];
  /** Modules written elsewhere (paths or package names) that export createBackend(options?). */
  readonly modules: string[];
  /** JSON given to each module's createBackend. */
  readonly moduleOptions?: unknown;
  readonly vectors: string[];
  readonly laws: boolean;
  readonly rtol?: number;
  readonly atol?: number;
  readonly json: boolean;
  readonly runs?: number;
  readonly seed?: number;
}

/** A command line that cannot be used (exit 2). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export const USAGE = `Usage: ctc-conformance [options]

Checks CTC backends against the float64 reference (golden vectors and property laws).

  --list               list the backend ids of this build and whether each can start here
  --backend <id>       backend to check (repeatable)
  --module <m>         a backend written elsewhere: a file path or package name whose module
                       exports createBackend(options?) (repeatable)
  --module-options <j> JSON passed to each --module's createBackend
  --vectors <file>     ctc-vectors/1 file to check (repeatable; default: the package's own vectors)
  --laws               run the property laws (with --vectors: both; alone: laws only)
  --rtol <x>           relative tolerance (default by declared precision: 1e-9 float64, 1e-4 float32)
  --atol <x>           absolute tolerance (same defaults)
  --runs <n>           fast-check runs per law (default 12)
  --seed <n>           fast-check seed (default fixed)
  --json               print machine-readable results only
  -h, --help           this text

Prints one line per failing case and last "N passed, M failed".
Exit code: 0 all pass, 1 any fails, 2 unusable input (bad vector file, unknown backend, bad option).`;

/** Parses argv (without node and script). Throws CliUsageError on anything unusable. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        backend: { type: 'string', multiple: true, default: [] },
        module: { type: 'string', multiple: true, default: [] },
        'module-options': { type: 'string' },
        vectors: { type: 'string', multiple: true, default: [] },
        laws: { type: 'boolean', default: false },
        rtol: { type: 'string' },
        atol: { type: 'string' },
        json: { type: 'boolean', default: false },
        runs: { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const opts: CliOptions = {
    list: values.list!,
    help: values.help!,
    backends: values.backend!,
    modules: values.module!,
    moduleOptions: json('--module-options', values['module-options']),
    vectors: values.vectors!,
    laws: values.laws!,
    rtol: number('--rtol', values.rtol, (x) => x >= 0),
    atol: number('--atol', values.atol, (x) => x >= 0),
    json: values.json!,
    runs: number('--runs', values.runs, (x) => Number.isInteger(x) && x > 0),
    seed: number('--seed', values.seed, Number.isInteger),
  };
  if (!opts.list && !opts.help && opts.backends.length === 0 && opts.modules.length === 0) {
    throw new CliUsageError('give --backend <id> or --module <path or package> (or --list)');
  }
  return opts;
}

function number(flag: string, text: string | undefined, ok: (x: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new CliUsageError(`${flag}: invalid value '${text}'`);
  return x;
}

function json(flag: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`${flag}: invalid JSON '${text}' (${(error as Error).message})`);
  }
}
