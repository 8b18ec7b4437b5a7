import { createBackend } from '@seq2seq-losses/reference-cpu';
import type { CtcBackend } from '@seq2seq-losses/spec';
import { resolveTolerance } from '../../src/tolerance.js';
import type { LawContext } from '../../src/laws/types.js';

/**
 * A law context for `backend` against the reference, few runs (failures must show within them).
 * `create` (for the dispose law) defaults to starting a fresh reference backend.
 */
export async function contextFor(backend: CtcBackend, runs = 8, create: () => Promise<CtcBackend> = () => createBackend()): Promise<LawContext> {
  return { backend, reference: await createBackend(), tolerance: resolveTolerance(backend.capabilities.precision), runs, seed: 7, create };
}
