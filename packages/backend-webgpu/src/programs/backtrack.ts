import type { ProgramSpec } from '../program.js';

/**
 * Forced alignment: the backtrack through the Viterbi backpointers, one thread per sample.
 * Bindings: z [B,T,C], delta [B,2,S], back [B,T,ceil(S/4)], alignment [B,T] (i32), post [B,T].
 */
export const backtrackProgram: ProgramSpec = {
  label: 'ctc-backtrack',
  shaders: ['common', 'backtrack'],
  workgroupSize: 1,
  storage: ['read', 'read', 'read', 'write', 'write'],
  grid: ({ B }) => [B, 1, 1],
};
