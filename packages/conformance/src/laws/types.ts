import type { CtcBackend, CtcCapabilities, Tolerance } from '@seq2seq-losses/spec';
import type { LawFailure } from '../failures.js';

/** What a law runs against. */
export interface LawContext {
  /** The backend under test. */
  readonly backend: CtcBackend;
  /** The float64 oracle (reference-cpu). */
  readonly reference: CtcBackend;
  readonly tolerance: Tolerance;
  /** fast-check runs per property law. */
  readonly runs: number;
  /** fast-check seed: the same seed draws the same inputs. */
  readonly seed: number;
  /** Starts a fresh backend like the one under test (the dispose law disposes it); without it that law fails. */
  readonly create?: () => Promise<CtcBackend>;
}

/** A law: a named property every backend must satisfy; returns its failures (none when it holds). */
export interface CtcLaw {
  /** Stable id, e.g. 'agreement/classic/logits' or 'padding-inert'. */
  readonly id: string;
  readonly title: string;
  /** Why the backend's declared capabilities rule the law out ('hessian=false'), or undefined. */
  skipReason(capabilities: CtcCapabilities): string | undefined;
  run(ctx: LawContext): Promise<LawFailure[]>;
}

/** Default fast-check runs per law; CTC_CONFORMANCE_RUNS raises it. */
export const DEFAULT_RUNS = 12;
export const DEFAULT_SEED = 20240611;

export function runsFromEnv(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.CTC_CONFORMANCE_RUNS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_RUNS;
}

export function seedFromEnv(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.CTC_CONFORMANCE_SEED);
  return Number.isInteger(n) ? n : DEFAULT_SEED;
}
