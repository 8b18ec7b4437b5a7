#!/usr/bin/env node
// Decode benchmark: greedy, beam search and forced alignment at issue 13's shapes.
//   npm run bench:decode [-- --reps N] [--case <substring>] [--impl <id>] [--machine <slug>]
// Writes bench/results/<date>-<machine>-decode.{json,md}. Medians over N timed runs after one warm-up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { describeError } from '@seq2seq-losses/spec';
import { describeMachine, machineSlug } from '../machine.mjs';
import { summarize } from '../stats.mjs';
import { rerunWithVulkanDriver } from '../vulkan.mjs';
import { DECODE_CASES } from './cases.mjs';
import { IMPLS } from './impls.mjs';
import { peakyLogits, randomLabels } from './inputs.mjs';
import { toDecodeMarkdown } from './report.mjs';

const PYCTCDECODE_NOTE =
  'pyctcdecode (the usual Python beam-search decoder) is not timed: PyPI is unreachable from this machine, so it cannot be installed.';

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ reps: number, cases: string[], impls: string[], machine?: string }} */
  const a = { reps: 5, cases: [], impls: [] };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i] ?? '';
    if (argv[i] === '--reps') a.reps = Math.max(1, Number(next()));
    else if (argv[i] === '--case') a.cases.push(next());
    else if (argv[i] === '--impl') a.impls.push(next());
    else if (argv[i] === '--machine') a.machine = next();
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return a;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.impls.length || args.impls.includes('webgpu')) {
    const code = await rerunWithVulkanDriver(); // the WebGPU aligner needs the Vulkan driver's env at start
    if (code !== null) return void (process.exitCode = code);
  }
  const cases = DECODE_CASES.filter((c) => !args.cases.length || args.cases.some((s) => c.id.includes(s)));
  /** @type {Map<string, import('./impls.mjs').StartedImpl | string>} */
  const started = new Map();
  /** @type {object[]} */
  const records = [];
  for (const c of cases) {
    const logits = peakyLogits(c.B, c.T, c.C, 1);
    const inputs = {
      logits,
      logitLength: new Int32Array(c.B).fill(c.T),
      labels: randomLabels(c.B, c.U ?? 0, c.C, 2),
      labelLength: new Int32Array(c.B).fill(c.U ?? 0),
    };
    for (const id of c.impls.filter((i) => !args.impls.length || args.impls.includes(i))) {
      if (!started.has(id)) {
        try {
          started.set(id, await IMPLS[id]());
        } catch (error) {
          started.set(id, describeError(error));
        }
      }
      const impl = started.get(id) ?? 'not started';
      if (typeof impl === 'string') {
        records.push({ case: c.id, impl: id, status: 'unavailable', note: impl });
        console.log(`${c.id} ${id}: unavailable (${impl})`);
        continue;
      }
      try {
        await impl.run(c, inputs); // warm-up
        const times = [];
        for (let r = 0; r < args.reps; r++) {
          const t0 = performance.now();
          await impl.run(c, inputs);
          times.push(performance.now() - t0);
        }
        const s = summarize(times);
        records.push({ case: c.id, impl: id, status: 'ok', ...s });
        console.log(`${c.id} ${id}: ${s.medianMs} ms (min ${s.minMs}, max ${s.maxMs}, ${s.reps} reps)`);
      } catch (error) {
        records.push({ case: c.id, impl: id, status: 'error', note: describeError(error) });
        console.log(`${c.id} ${id}: error ${describeError(error)}`);
      }
    }
  }
  for (const impl of started.values()) if (typeof impl !== 'string') await impl.dispose();
  const machine = { ...describeMachine(), ...(process.env.BENCH_GPU ? { gpu: process.env.BENCH_GPU } : {}) };
  const date = new Date().toISOString();
  const stem = `${date.slice(0, 10)}-${args.machine ?? machineSlug(machine)}-decode`;
  const dir = fileURLToPath(new URL('../../results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const meta = { format: 'ctc-decode-bench/1', date, machine, reps: args.reps, note: PYCTCDECODE_NOTE };
  writeFileSync(`${dir}${stem}.json`, JSON.stringify({ ...meta, records }, null, 1) + '\n');
  writeFileSync(`${dir}${stem}.md`, toDecodeMarkdown(records, meta));
  console.log(`wrote bench/results/${stem}.json and .md`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
