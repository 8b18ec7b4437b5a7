import type { CtcBackend } from './backend.js';
import { CtcBackendUnavailableError, describeError } from './errors.js';

/** A named way to start a backend, tried in order by `resolveBackend`. */
export interface CtcBackendCandidate {
  readonly name: string;
  readonly create: () => Promise<CtcBackend>;
}

/**
 * Starts the candidates in order and returns the first that starts.
 * Throws one CtcBackendUnavailableError listing every candidate's cause when none does.
 */
export async function resolveBackend(candidates: readonly CtcBackendCandidate[]): Promise<CtcBackend> {
  const causes: string[] = [];
  for (const candidate of candidates) {
    try {
      return await candidate.create();
    } catch (error) {
      causes.push(`${candidate.name}: ${describeError(error)}`);
    }
  }
  const names = candidates.map((c) => c.name).join(', ') || '(none)';
  throw new CtcBackendUnavailableError(
    names,
    candidates.length === 0 ? 'no candidates were given' : `no candidate could start:\n  ${causes.join('\n  ')}`,
  );
}
