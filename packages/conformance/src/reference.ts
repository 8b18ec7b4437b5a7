import { createBackend } from '@seq2seq-losses/reference-cpu';
import type { CtcBackend } from '@seq2seq-losses/spec';

/** The float64 oracle every law compares against. */
export function createReference(): Promise<CtcBackend> {
  return createBackend();
}
