#!/usr/bin/env node
// Decode benchmark: greedy, beam search and forced alignment at issue 13's shapes.
//   npm run bench:decode [-- --reps N] [--warmup N] [--case <substring>] [--impl <id>] [--machine <slug>]
// Writes bench/results/<date>-<machine>-decode.{json,md}. Medians over N timed runs after the
// warm-up (timeIt: at least --warmup calls, default 1, and 0.3 s).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeError } from '@seq2seq-losses/spec';
import { parseBenchFlags } from '../flags.mjs';
import { describeMachine, machineSlug } from '../machine.mjs';
import { summarize } from '../stats.mjs';
import { timeIt } from '../time-it.mjs';
import { rerunWithVulkanDriver } from '../vulkan.mjs';
import { DECODE_CASES } from './cases.mjs';
import { IMPLS } from './impls.mjs';
import { peakyLogits, randomLabels } from './inputs.mjs';
import { toDecodeMarkdown } from './report.mjs';

const PYCTCDECODE_NOTE =
  'pyctcdecode (the usual Python beam-search decoder) is not timed: PyPI is unreachable from this machine, so it cannot be installed.';

/** bench/'s shared flags plus the cases, implementations and machine name (--case, --impl repeatable). */
function parseArgs() {
  const flags = parseBenchFlags({
    usage: 'usage: npm run bench:decode -- [--case <substring>]... [--impl <id>]... [--machine <slug>] [flags]',
    reps: 5,
    warmup: 1,
    options: { case: { type: 'string', multiple: true }, impl: { type: 'string', multiple: true }, machine: { type: 'string' } },
  });
  /** @type {string[]} */ const cases = flags.values.case ?? [];
  /** @type {string[]} */ const impls = flags.values.impl ?? [];
  /** @type {string | undefined} */ const machine = flags.values.machine;
  return { reps: flags.reps, timing: flags.timing, cases, impls, machine };
}

async function main() {
  const args = parseArgs();
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
        const { times } = await timeIt(() => impl.run(c, inputs), args.timing);
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
