import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { backendIds } from '@seq2seq-losses/spec';
import { describeError } from '@seq2seq-losses/spec';
import { describeMachine, machineSlug } from './machine.mjs';
import { soakBatches } from './soak/batches.mjs';
import { startCountedBackend } from './soak/counters.mjs';
import { judgeSoak, runSoak } from './soak/run.mjs';
import { rerunWithVulkanDriver } from './vulkan.mjs';

const USAGE = `usage: node bench/src/soak.mjs [--calls N] [--backend id,id] [--out DIR]
Calls every backend N times (default 10000; loss, loss+gradient and HVP over four mixed batches,
one with -1e30 entries) and checks that memory (heap and RSS after GC, external buffers) stays
within 10% of its level after the first N/10 calls, and that live worker threads, tfjs tensors,
GPU buffers and ONNX Runtime sessions stay at their level and drop to 0 after dispose().
Writes <date>-<machine>-soak.json and .md to --out (default bench/results). Exit code 1 on a leak.`;

const { values } = parseArgs({ options: { calls: { type: 'string', default: '10000' }, backend: { type: 'string' }, out: { type: 'string', default: 'bench/results' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const rerun = await rerunWithVulkanDriver();
if (rerun !== null) process.exit(rerun);

const calls = Number(values.calls);
const ids = values.backend ? values.backend.split(',') : backendIds('node');
const machine = describeMachine();
/** @type {Array<{ id: string, available: boolean, reason?: string, calls?: number, seconds?: number, samples?: import('./soak/run.mjs').SoakSample[], afterDispose?: Record<string, number>, problems?: string[] }>} */
const rows = [];
for (const id of ids) {
  let started;
  try {
    started = await startCountedBackend(id);
  } catch (error) {
    const reason = describeError(error).split('\n')[0];
    rows.push({ id, available: false, reason });
    console.log(`${id}: unavailable (${reason})`);
    continue;
  }
  const result = await runSoak({ ...started, inputs: soakBatches(started.backend.capabilities.precision), calls, warmup: Math.round(calls / 10) });
  const problems = judgeSoak(result);
  rows.push({ id, available: true, calls, ...result, problems });
  const [a, z] = [result.samples[0], result.samples[result.samples.length - 1]];
  console.log(`${id}: ${calls} calls in ${result.seconds.toFixed(1)} s; heap ${a.heapMB} -> ${z.heapMB} MB, rss ${a.rssMB} -> ${z.rssMB} MB; ${JSON.stringify(z.counters)}; ${problems.length ? problems.join('; ') : 'flat'}`);
}

const date = new Date().toISOString().slice(0, 10);
const stem = `${values.out}/${date}-${machineSlug(machine)}-soak`;
await mkdir(values.out, { recursive: true });
await writeFile(`${stem}.json`, `${JSON.stringify({ machine, calls, rows }, null, 1)}\n`);
await writeFile(`${stem}.md`, markdown(machine, calls, rows));
console.log(`wrote ${stem}.json and .md`);
process.exit(rows.some((r) => r.problems?.length) ? 1 : 0);

/** @param {ReturnType<typeof describeMachine>} m @param {number} n @param {typeof rows} list */
function markdown(m, n, list) {
  const pct = (/** @type {number} */ a, /** @type {number} */ z) => `${(((z - a) / a) * 100).toFixed(1)}%`;
  const lines = [
    `# Soak: ${n} calls per backend`,
    '',
    `${m.cpu}, ${m.cores} cores, ${m.os}, Node ${m.node}, load ${m.loadAverage}${m.vulkanDriver ? `, Vulkan ${m.vulkanDriver}` : ''}.`,
    'Calls cycle loss(), lossAndGradient() and hessianVectorProduct() over four batches (B 2-5, T 10-31, C 5-8, one with -1e30 entries).',
    `Baseline after the first ${Math.round(n / 10)} calls; memory after a full GC; counters must stay at the baseline and be 0 after dispose().`,
    '',
    '| backend | seconds | heap MB (baseline -> end) | RSS MB | external MB | counters (baseline -> end, after dispose) | verdict |',
    '| --- | ---: | --- | --- | --- | --- | --- |',
  ];
  for (const r of list) {
    if (!r.available || !r.samples || !r.afterDispose || !r.problems || r.seconds === undefined) {
      lines.push(`| ${r.id} | - | - | - | - | - | unavailable: ${r.reason} |`);
      continue;
    }
    const [a, z] = [r.samples[0], r.samples[r.samples.length - 1]];
    const after = r.afterDispose;
    const counters = Object.keys(z.counters).map((k) => `${k} ${a.counters[k]} -> ${z.counters[k]}, ${after[k]}`).join('; ') || '-';
    lines.push(
      `| ${r.id} | ${r.seconds.toFixed(1)} | ${a.heapMB.toFixed(1)} -> ${z.heapMB.toFixed(1)} (${pct(a.heapMB, z.heapMB)}) | ${a.rssMB.toFixed(0)} -> ${z.rssMB.toFixed(0)} (${pct(a.rssMB, z.rssMB)}) | ${a.externalMB.toFixed(1)} -> ${z.externalMB.toFixed(1)} | ${counters} | ${r.problems.length ? r.problems.join('; ') : 'flat'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
