#!/usr/bin/env node
import { backendEntry, backendIds, createBackendById, CtcVectorFormatError, describeError, type CtcBackend } from '@seq2seq-losses/spec';
import { runsFromEnv, seedFromEnv } from '../laws/index.js';
import { createModuleBackend } from '../module-backend.js';
import { createReference } from '../reference.js';
import { runLaws, runVectors, type ConformanceResult } from '../run.js';
import { resolveTolerance } from '../tolerance.js';
import { defaultVectorFiles, loadVectorFile, type VectorFile } from '../vectors.js';
import { CliUsageError, parseCliArgs, USAGE, type CliOptions } from './args.js';
import { listBackends } from './list.js';
import { countResults, resultLines, type CliJsonReport } from './report.js';

/** The ctc-conformance command; returns the exit code (0 pass, 1 fail, 2 unusable input). */
async function main(argv: readonly string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`ctc-conformance: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  if (opts.list) return listBackends(opts.json);

  const unknown = opts.backends.filter((id) => !backendEntry(id));
  if (unknown.length > 0) {
    console.error(`ctc-conformance: unknown backend id ${unknown.map((id) => `'${id}'`).join(', ')}; known ids: ${backendIds('node').join(', ')}`);
    return 2;
  }
  const runVectorFiles = opts.vectors.length > 0 || !opts.laws;
  const files: VectorFile[] = [];
  if (runVectorFiles) {
    for (const path of opts.vectors.length > 0 ? opts.vectors : defaultVectorFiles()) {
      try {
        files.push(loadVectorFile(path));
      } catch (error) {
        const where = error instanceof CtcVectorFormatError ? `${path}: ${error.path}: ${strip(error)}` : `${path}: ${describeError(error)}`;
        console.error(`ctc-conformance: unusable vector file ${where}`);
        return 2;
      }
    }
  }

  const reference = await createReference();
  const results: ConformanceResult[] = [];
  const backends: CliJsonReport['backends'][number][] = [];
  try {
    const targets = [
      ...opts.backends.map((id) => ({ id, start: () => createBackendById(id) })),
      ...opts.modules.map((id) => ({ id, start: () => createModuleBackend(id, opts.moduleOptions) })),
    ];
    for (const { id, start } of targets) {
      let backend: CtcBackend;
      try {
        backend = await start();
      } catch (error) {
        backends.push({ id, available: false, reason: describeError(error) });
        results.push({ backend: id, source: 'start', case: 'backend starts', status: 'failed', reason: describeError(error), failures: [{ case: 'backend starts', quantity: 'start', message: describeError(error) }], seconds: 0 });
        continue;
      }
      try {
        const override = { rtol: opts.rtol, atol: opts.atol };
        const tolerance = resolveTolerance(backend.capabilities.precision, override);
        backends.push({ id, available: true, precision: backend.capabilities.precision, tolerance });
        if (!opts.json) console.log(`backend ${id}${backend.name !== id ? ` (${backend.name})` : ''}: ${backend.capabilities.precision}, rtol ${tolerance.rtol}, atol ${tolerance.atol}`);
        const mine: ConformanceResult[] = [];
        mine.push(...(await runVectors(backend, files, tolerance)));
        if (opts.laws) {
          const ctx = { backend, reference, tolerance, runs: opts.runs ?? runsFromEnv(), seed: opts.seed ?? seedFromEnv(), create: start };
          mine.push(...(await runLaws(ctx)));
        }
        results.push(...mine.map((r) => ({ ...r, backend: id })));
      } finally {
        await backend.dispose();
      }
    }
  } finally {
    await reference.dispose();
  }

  const counts = countResults(results);
  if (opts.json) {
    const report: CliJsonReport = { backends, results, ...counts };
    console.log(JSON.stringify(report, jsonNumbers, 1));
  } else {
    for (const line of resultLines(results)) console.log(line);
    console.log(`${counts.passed} passed, ${counts.failed} failed`);
  }
  return counts.failed > 0 ? 1 : 0;
}

/** CtcVectorFormatError's message without its leading path. */
function strip(error: CtcVectorFormatError): string {
  return error.message.startsWith(`${error.path}: `) ? error.message.slice(error.path.length + 2) : error.message;
}

/** JSON has no Infinity/NaN: write them as the strings ctc-vectors/1 uses. */
function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`ctc-conformance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
