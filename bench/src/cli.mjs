#!/usr/bin/env node
// Cross-backend CTC benchmark: `node bench/src/cli.mjs [--full] [--case ...] [--backend ...]`.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { parseArgs, USAGE } from './args.mjs';
import { startBackends } from './backends.mjs';
import { describeMachine, machineSlug } from './machine.mjs';
import { startMemoryProbe } from './memory.mjs';
import { FULL_SETTINGS, planRuns, QUICK_SETTINGS, quickSkipper, selectCases } from './plan.mjs';
import { writeResults } from './results.mjs';
import { runBench } from './runner.mjs';
import { startTorchBaseline } from './torch.mjs';
import { rerunWithVulkanDriver } from './vulkan.mjs';

async function main() {
  const started = performance.now();
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return void process.stdout.write(USAGE);
  if (!args.backends.length || args.backends.some((id) => id === 'webgpu' || id === 'tfjs-webgpu')) {
    const code = await rerunWithVulkanDriver();
    if (code !== null) return void (process.exitCode = code);
  }
  const selection = selectCases({ cases: args.cases, ops: args.ops, variants: args.variants, full: args.full });
  for (const op of args.ops) if (!['forward', 'lossAndGradient', 'hvp', 'hessian'].includes(op)) throw new Error(`unknown op ${op}\n${USAGE}`);
  const settings = args.full ? FULL_SETTINGS : QUICK_SETTINGS;
  const { reference, timed, report, dispose } = await startBackends(args.backends, args.modules);
  // The float64 oracle checks every result; the quick run times it only when it is named.
  if (!args.full && !args.backends.includes('reference-cpu')) timed.delete('reference-cpu');
  const threads = describeMachine().cores;
  const wantTorch = args.torch && (!args.backends.length || args.backends.includes('pytorch'));
  const { baseline: torch, reason: torchReason } = wantTorch ? await startTorchBaseline(threads) : { baseline: null, reason: 'not requested' };
  try {
    for (const b of report) console.log(b.available ? `backend ${b.id}: ${b.precision}` : `backend ${b.id}: unavailable (${b.reason})`);
    console.log(torch ? `pytorch baseline: torch ${torch.info.torch}, ${torch.info.threads} threads` : `pytorch baseline: none (${torchReason})`);
    const ids = [...(torch ? ['pytorch'] : []), ...timed.keys()];
    const runs = planRuns(selection, ids).filter((r) => r.backendId !== 'pytorch' || torch?.supports(r.op, r.variant));
    const bar = args.progress && process.stderr.isTTY
      ? new cliProgress.SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} {label}', hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
    bar?.start(runs.length, 0, { label: '' });
    const records = await runBench(runs, {
      backends: timed,
      reference,
      settings,
      now: () => performance.now(),
      memoryProbe: startMemoryProbe,
      external: torch ? new Map([['pytorch', torch]]) : undefined,
      skip: quickSkipper({ cases: args.cases, backends: args.backends, full: args.full }),
      onRecord: (r, i) => {
        const line = `${r.case} ${r.op} ${r.variant} ${r.backend}: ${r.medianMs === null ? r.status : `${r.medianMs} ms`}${r.status === 'ok' || r.medianMs === null ? '' : ` ${r.status.toUpperCase()}`}${r.note ? ` (${r.note})` : ''}`;
        if (bar) bar.update(i + 1, { label: line.slice(0, 70) });
        else console.log(line);
      },
    });
    bar?.stop();
    const machine = { ...describeMachine(), ...(process.env.BENCH_GPU ? { gpu: process.env.BENCH_GPU } : {}) };
    const date = new Date().toISOString();
    const stem = `${date.slice(0, 10)}-${args.machine ?? machineSlug(machine)}`;
    const meta = {
      date,
      mode: args.full ? 'full' : 'quick',
      machine,
      backends: report,
      torch: torch ? `torch ${torch.info.torch} F.ctc_loss, ${torch.info.threads} threads` : `not run (${torchReason})`,
    };
    const out = args.out ?? fileURLToPath(new URL('../results', import.meta.url));
    const files = await writeResults(out, stem, records, meta);
    const wrong = records.filter((r) => r.status === 'wrong' || r.status === 'error');
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`${records.length} measurements in ${seconds} s; ${wrong.length} wrong or failed. Wrote:\n  ${files.join('\n  ')}`);
  } finally {
    await torch?.dispose();
    await dispose();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
