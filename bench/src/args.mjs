/**
 * Command-line options of `node bench/src/cli.mjs`.
 * @typedef {{
 *   full: boolean, cases: string[], backends: string[], modules: string[], ops: string[], variants: string[],
 *   torch: boolean, progress: boolean, out: string | null, machine: string | null, help: boolean,
 * }} CliOptions
 */

export const USAGE = `usage: node bench/src/cli.mjs [options]
  --full                 every case and op with more repetitions (default: the quick run, ~1 min)
  --case NAME[,NAME]     only these cases (a named case runs all its ops)
  --backend ID[,ID]      only these backends (catalog ids; 'pytorch' for the baseline)
  --module PATH|PKG      also time a backend written elsewhere: a module exporting createBackend()
                         (repeatable; its results are checked against reference-cpu like ours)
  --op OP[,OP]           forward, lossAndGradient, hvp, hessian
  --variant V[,V]        classic, simplified
  --no-torch             do not time the PyTorch baseline
  --no-progress          no progress bar (one line per measurement instead)
  --out DIR              where results go (default bench/results)
  --machine NAME         name used in the result file names (default: from the CPU)
`;

/** @param {readonly string[]} argv @returns {CliOptions} */
export function parseArgs(argv) {
  /** @type {CliOptions} */
  const o = { full: false, cases: [], backends: [], modules: [], ops: [], variants: [], torch: true, progress: true, out: null, machine: null, help: false };
  const lists = { '--case': o.cases, '--backend': o.backends, '--op': o.ops, '--variant': o.variants };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag in lists) lists[/** @type {keyof typeof lists} */ (flag)].push(...value().split(',').filter(Boolean));
    else if (flag === '--module') o.modules.push(value());
    else if (flag === '--full') o.full = true;
    else if (flag === '--no-torch') o.torch = false;
    else if (flag === '--no-progress') o.progress = false;
    else if (flag === '--out') o.out = value();
    else if (flag === '--machine') o.machine = value();
    else if (flag === '--help' || flag === '-h') o.help = true;
    else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  return o;
}
