import { basename } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { describeError, type CtcBackend, type Tolerance } from '@seq2seq-losses/spec';
import { formatFailure, type LawFailure } from './failures.js';
import { CTC_LAWS, runsFromEnv, seedFromEnv, type LawContext } from './laws/index.js';
import { createReference } from './reference.js';
import { resolveTolerance } from './tolerance.js';
import { defaultVectorFiles, loadVectorFile, runVectorCase, vectorSkipReason, type VectorFile } from './vectors.js';

export interface DescribeCtcBackendOptions {
  /** Replaces rtol and/or atol of the declared precision's default. */
  readonly tolerance?: Partial<Tolerance>;
  /** fast-check runs per law (default 12, or CTC_CONFORMANCE_RUNS). */
  readonly runs?: number;
  /** fast-check seed (default fixed, or CTC_CONFORMANCE_SEED). */
  readonly seed?: number;
  /** More ctc-vectors/1 files to run, after the package's own. */
  readonly vectors?: readonly string[];
  /**
   * Laws to skip, by id, each with a reason that must start with 'capability:' (something the
   * backend cannot do that `capabilities` does not express). Reported in the test name.
   */
  readonly skip?: Readonly<Record<string, string>>;
  /** Per-test timeout in ms (default 300000: slow backends run on software drivers in CI). */
  readonly timeout?: number;
}

/**
 * Registers the whole conformance suite for one backend in the calling vitest file: every law
 * (skipped only where the declared capabilities rule it out, with the reason in the test name) and
 * every golden vector case. One backend instance for the suite, disposed after it.
 *
 *   describeCtcBackend('cpu', () => createBackend({ precision: 'float32' }));
 */
export function describeCtcBackend(
  name: string,
  create: () => Promise<CtcBackend>,
  options: DescribeCtcBackendOptions = {},
): void {
  for (const [id, reason] of Object.entries(options.skip ?? {})) {
    if (!CTC_LAWS.some((l) => l.id === id)) throw new Error(`describeCtcBackend: unknown law id '${id}' in options.skip`);
    if (!reason.startsWith('capability:')) {
      throw new Error(`describeCtcBackend: options.skip['${id}'] must give a capability reason ('capability: ...'), got '${reason}'`);
    }
  }
  const files = [...defaultVectorFiles(), ...(options.vectors ?? [])].map((path) => {
    try {
      return loadVectorFile(path);
    } catch (error) {
      throw new Error(`describeCtcBackend: vector file ${path}: ${describeError(error)}`);
    }
  });
  const timeout = options.timeout ?? 300_000;

  describe(`conformance: ${name}`, async () => {
    let backend: CtcBackend;
    try {
      backend = await create();
    } catch (error) {
      it('backend starts', () => {
        throw new Error(`backend '${name}' could not start: ${describeError(error)}`);
      });
      return;
    }
    const reference = await createReference();
    afterAll(async () => {
      await backend.dispose();
      await reference.dispose();
    });
    const tolerance = resolveTolerance(backend.capabilities.precision, options.tolerance);
    const ctx: LawContext = {
      backend,
      reference,
      tolerance,
      runs: options.runs ?? runsFromEnv(),
      seed: options.seed ?? seedFromEnv(),
      create,
    };

    const plan = suitePlan(ctx, files, options.skip);
    for (const group of ['laws', 'vectors'] as const) {
      describe(group, () => {
        for (const entry of plan.filter((e) => e.group === group)) {
          if (entry.skipReason) it.skip(`${entry.title} (${entry.skipReason})`, () => {});
          else it(entry.title, async () => report(await entry.run()), timeout);
        }
      });
    }
  });
}

/** One test of the suite: a law or a vector case, with its skip reason (a capability) if any. */
export interface SuiteEntry {
  readonly group: 'laws' | 'vectors';
  readonly title: string;
  readonly skipReason?: string;
  readonly run: () => Promise<LawFailure[]>;
}

/** The tests describeCtcBackend registers for a started backend, in order. */
export function suitePlan(ctx: LawContext, files: readonly VectorFile[], skip: Readonly<Record<string, string>> = {}): SuiteEntry[] {
  const caps = ctx.backend.capabilities;
  const laws: SuiteEntry[] = CTC_LAWS.map((law) => ({
    group: 'laws',
    title: `${law.id}: ${law.title}`,
    skipReason: law.skipReason(caps) ?? skip[law.id],
    run: () => law.run(ctx),
  }));
  const vectors: SuiteEntry[] = files.flatMap((file) =>
    file.cases.map((c) => ({
      group: 'vectors' as const,
      title: `${basename(file.path)}: ${c.name}`,
      skipReason: vectorSkipReason(ctx.backend, c),
      run: () => runVectorCase(ctx.backend, c, ctx.tolerance),
    })),
  );
  return [...laws, ...vectors];
}

/** Throws one error listing the failures (the worst first few), or returns when there are none. */
function report(failures: readonly LawFailure[]): void {
  if (failures.length === 0) return;
  const shown = failures.slice(0, 8).map((f) => `  ${formatFailure(f)}`);
  const more = failures.length > shown.length ? `\n  ... and ${failures.length - shown.length} more` : '';
  throw new Error(`${failures.length} failure(s):\n${shown.join('\n')}${more}`);
}
