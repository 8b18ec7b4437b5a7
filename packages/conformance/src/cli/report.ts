import { formatFailure, worstFailure } from '../failures.js';
import { resultLabel, type ConformanceResult } from '../run.js';

/** What the CLI prints in --json mode. */
export interface CliJsonReport {
  readonly backends: ReadonlyArray<{ id: string; available: boolean; reason?: string; precision?: string; tolerance?: { rtol: number; atol: number } }>;
  readonly results: readonly ConformanceResult[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** One line per failing case (its worst deviation and where), one per skip. */
export function resultLines(results: readonly ConformanceResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.status === 'failed' && r.source === 'start') {
      lines.push(`FAIL [${r.backend}] cannot start: ${r.reason}`);
    } else if (r.status === 'failed') {
      const worst = worstFailure(r.failures);
      const more = r.failures.length > 1 ? ` (+${r.failures.length - 1} more)` : '';
      lines.push(`FAIL [${r.backend}] ${resultLabel(r)} :: ${worst ? formatFailure(worst) : r.reason ?? 'failed'}${more}`);
    } else if (r.status === 'skipped') {
      lines.push(`skip [${r.backend}] ${resultLabel(r)} (${r.reason})`);
    }
  }
  return lines;
}

export function countResults(results: readonly ConformanceResult[]): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.status === 'passed') passed++;
    else if (r.status === 'failed') failed++;
    else skipped++;
  }
  return { passed, failed, skipped };
}
