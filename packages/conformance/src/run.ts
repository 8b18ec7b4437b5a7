import { basename } from 'node:path';
import type { CtcBackend, Tolerance } from '@seq2seq-losses/spec';
import type { LawFailure } from './failures.js';
import { CTC_LAWS, type CtcLaw, type LawContext } from './laws/index.js';
import { guarded } from './property.js';
import { runVectorCase, vectorSkipReason, type VectorFile } from './vectors.js';

/** The outcome of one law or one vector case against one backend. */
export interface ConformanceResult {
  readonly backend: string;
  /** 'laws' or the vector file's path. */
  readonly source: string;
  /** Law id or vector case name. */
  readonly case: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped (a capability) or why it could not run. */
  readonly reason?: string;
  readonly failures: readonly LawFailure[];
  readonly seconds: number;
}

/** Runs the laws (all by default) against ctx.backend, one result per law, skips by capability. */
export async function runLaws(ctx: LawContext, laws: readonly CtcLaw[] = CTC_LAWS): Promise<ConformanceResult[]> {
  const out: ConformanceResult[] = [];
  for (const law of laws) {
    const reason = law.skipReason(ctx.backend.capabilities);
    const started = performance.now();
    const failures = reason ? [] : await guarded(() => law.run(ctx), law.id);
    out.push(result(ctx.backend.name, 'laws', law.id, failures, started, reason));
  }
  return out;
}

/** Runs every case of the files against the backend, one result per case. */
export async function runVectors(backend: CtcBackend, files: readonly VectorFile[], tolerance: Tolerance): Promise<ConformanceResult[]> {
  const out: ConformanceResult[] = [];
  for (const file of files) {
    for (const c of file.cases) {
      const reason = vectorSkipReason(backend, c);
      const started = performance.now();
      const failures = reason ? [] : await runVectorCase(backend, c, tolerance);
      out.push(result(backend.name, file.path, c.name, failures, started, reason));
    }
  }
  return out;
}

function result(backend: string, source: string, name: string, failures: LawFailure[], started: number, reason?: string): ConformanceResult {
  return {
    backend,
    source,
    case: name,
    status: reason ? 'skipped' : failures.length ? 'failed' : 'passed',
    ...(reason ? { reason } : {}),
    failures,
    seconds: (performance.now() - started) / 1000,
  };
}

/** 'closed-form.json: case' or 'laws: id', for messages. */
export function resultLabel(r: Pick<ConformanceResult, 'source' | 'case'>): string {
  return `${r.source === 'laws' ? 'laws' : basename(r.source)}: ${r.case}`;
}
