import { describeError } from '@seq2seq-losses/spec';
import { caseInputs, inputsFor } from './inputs.mjs';
import { checkOutputs, runOp, unsupportedReason } from './ops.mjs';
import { estimatedWork } from './plan.mjs';
import { ReferenceCache } from './reference.mjs';
import { range, summarize } from './stats.mjs';
import { timeIt } from './time-it.mjs';

/**
 * @typedef {import('./plan.mjs').PlannedRun} PlannedRun
 * @typedef {'ok' | 'wrong' | 'error' | 'unsupported' | 'skipped'} RecordStatus
 * @typedef {{
 *   case: string, backend: string, variant: string, op: string, B: number, T: number, C: number,
 *   labelLength: [number, number], logitLength: [number, number], precision: string | null,
 *   medianMs: number | null, minMs: number | null, maxMs: number | null, reps: number,
 *   peakMemoryMb: number | null, maxAbsDeviation: number | null, deviations: Record<string, number>,
 *   status: RecordStatus, note: string,
 * }} BenchRecord
 * @typedef {{
 *   backends: Map<string, import('@seq2seq-losses/spec').CtcBackend>,
 *   reference: import('@seq2seq-losses/spec').CtcBackend,
 *   settings: typeof import('./plan.mjs').QUICK_SETTINGS,
 *   now: () => number,
 *   memoryProbe?: () => { sample(): void, stop(): number },
 *   onRecord?: (record: BenchRecord, index: number) => void,
 *   external?: Map<string, ExternalBaseline>,
 *   skip?: (run: PlannedRun) => string | undefined,
 * }} RunnerContext
 * @typedef {{
 *   supports(op: string, variant: string): boolean,
 *   run(caseName: string, inputs: import('./inputs.mjs').BenchInputs, op: any, settings: RunnerContext['settings']):
 *     Promise<{ times: number[], outputs: import('./ops.mjs').OpOutputs, peakMemoryMb: number | null, note?: string }>,
 * }} ExternalBaseline a float32 baseline timed outside this process (PyTorch)
 */

/**
 * Measures every planned run: a warm-up whose outputs are checked against the float64 reference
 * (a fast wrong answer is reported as 'wrong'), then timed repetitions.
 * @param {PlannedRun[]} runs
 * @param {RunnerContext} ctx
 * @returns {Promise<BenchRecord[]>}
 */
export async function runBench(runs, ctx) {
  const reference = new ReferenceCache(ctx.reference);
  /**
   * Seconds per work unit of each backend's latest run of an op ('id/op'), else of any op ('id'):
   * predicts, and in quick mode skips, slow pairs.
   */
  const rate = new Map();
  /** @type {BenchRecord[]} */
  const records = [];
  let inputs = null;
  let inputsCase = '';
  for (const [i, run] of runs.entries()) {
    if (run.case.name !== inputsCase) {
      if (inputsCase) reference.forget(inputsCase);
      inputs = caseInputs(run.case);
      inputsCase = run.case.name;
    }
    const planned = runs.filter((r) => r.case === run.case && r.variant === run.variant).map((r) => r.op);
    const record = await measure(run, /** @type {any} */ (inputs), planned, reference, rate, ctx);
    records.push(record);
    ctx.onRecord?.(record, i);
  }
  return records;
}

/**
 * @param {PlannedRun} run
 * @param {import('./inputs.mjs').BenchInputs} inputs
 * @param {import('./cases.mjs').BenchOp[]} planned
 * @param {ReferenceCache} reference
 * @param {Map<string, number>} rate
 * @param {RunnerContext} ctx
 * @returns {Promise<BenchRecord>}
 */
async function measure(run, inputs, planned, reference, rate, ctx) {
  const { case: c, variant, op, backendId } = run;
  const backend = ctx.backends.get(backendId);
  const external = ctx.external?.get(backendId);
  const precision = backend ? backend.capabilities.precision : 'float32';
  /** @type {BenchRecord} */
  const record = {
    case: c.name, backend: backendId, variant, op, B: c.B, T: c.T, C: c.C,
    labelLength: range(inputs.f32.labelLength), logitLength: range(inputs.f32.logitLength), precision,
    medianMs: null, minMs: null, maxMs: null, reps: 0, peakMemoryMb: null, maxAbsDeviation: null, deviations: {},
    status: 'ok', note: '',
  };
  const missing = backend ? unsupportedReason(backend, op, variant) : external?.supports(op, variant) ? undefined : 'not supported';
  if (missing) return { ...record, status: 'unsupported', note: missing };
  const skipped = ctx.skip?.(run);
  if (skipped) return { ...record, status: 'skipped', note: skipped };
  const work = estimatedWork(c, op);
  const predicted = (rate.get(`${backendId}/${op}`) ?? rate.get(backendId) ?? 0) * work;
  if (predicted > ctx.settings.skipAfterSeconds) {
    return { ...record, status: 'skipped', note: `quick mode: predicted ~${predicted.toFixed(0)} s from this backend's previous run; use --full` };
  }
  let expected;
  try {
    expected = await reference.get(c.name, variant, op, planned, inputs);
  } catch (error) {
    return { ...record, status: 'error', note: `reference-cpu failed: ${describeError(error).split('\n')[0]}` };
  }
  try {
    const timed = backend ? await timeBackend(backend, run, inputs, ctx) : await /** @type {ExternalBaseline} */ (external).run(c.name, inputs, op, ctx.settings);
    const seconds = Math.min(...timed.times) / 1000 / work;
    rate.set(`${backendId}/${op}`, seconds);
    rate.set(backendId, seconds);
    const check = checkOutputs(op, timed.outputs, expected, precision);
    const notes = [check.failures > 0 ? check.note : '', timed.note ?? ''].filter(Boolean);
    Object.assign(record, summarize(timed.times), {
      maxAbsDeviation: check.maxAbsDeviation,
      deviations: check.deviations,
      status: check.failures > 0 ? 'wrong' : 'ok',
      note: notes.join('; '),
      peakMemoryMb: timed.peakMemoryMb,
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    Object.assign(record, { status: name === 'CtcUnsupportedError' ? 'unsupported' : 'error', note: describeError(error).split('\n')[0] });
  }
  return record;
}

/**
 * A warm-up (whose outputs are returned for the check), then timed repetitions; after a warm-up
 * slower than settings.onceAfterSeconds, a single timed run.
 * @param {import('@seq2seq-losses/spec').CtcBackend} backend
 * @param {PlannedRun} run
 * @param {import('./inputs.mjs').BenchInputs} inputs
 * @param {RunnerContext} ctx
 */
async function timeBackend(backend, run, inputs, ctx) {
  const { settings, now } = ctx;
  const { batch, direction } = inputsFor(inputs, backend.capabilities.precision);
  const once = () => runOp(backend, run.op, batch, direction, { variant: run.variant });
  const probe = ctx.memoryProbe?.();
  try {
    const t0 = now();
    const outputs = await once();
    const warmMs = now() - t0;
    if (warmMs > settings.skipAfterSeconds * 1000) {
      const note = `quick mode: the warm-up (incl. one-time setup) is the only timing`;
      return { outputs, times: [warmMs], note, peakMemoryMb: probe?.stop() ?? null };
    }
    const slow = warmMs > settings.onceAfterSeconds * 1000;
    // the checked call was the first warm-up
    const { times } = await timeIt(once, {
      warmup: slow ? 0 : settings.warmup - 1,
      warmupSeconds: slow ? 0 : Math.max(0, settings.warmupSeconds - warmMs / 1000), // the checked call counts
      reps: slow ? 1 : settings.reps,
      maxSeconds: settings.maxSeconds,
      now,
      afterEach: () => probe?.sample(),
    });
    const note = slow ? `quick mode: 1 timed run (warm-up took ${(warmMs / 1000).toFixed(1)} s)` : '';
    return { outputs, times, note, peakMemoryMb: probe?.stop() ?? null };
  } finally {
    probe?.stop();
  }
}
