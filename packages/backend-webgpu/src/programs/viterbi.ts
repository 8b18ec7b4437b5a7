import type { ProgramSpec } from '../program.js';

/**
 * Forced alignment: the Viterbi recursion with byte backpointers and the best score, one workgroup
 * per sample. Bindings: z [B,T,C], delta [B,2,S], back [B,T,ceil(S/4)] (u32), score [B].
 */
export const viterbiProgram: ProgramSpec = {
  label: 'ctc-viterbi',
  shaders: ['common', 'viterbi'],
  workgroupSize: 128,
  storage: ['read', 'write', 'write', 'write'],
  grid: ({ B }) => [B, 1, 1],
};
