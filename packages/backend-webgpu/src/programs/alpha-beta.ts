import type { ProgramSpec } from '../program.js';

/**
 * For derivatives: the alpha recursion (workgroups 0..B-1) and the beta recursion (B..2B-1) in one
 * dispatch. Bindings: z [B,T,C], alpha [B,T,S,2], stats [B + 2*B*T], beta [B,T,S,2].
 */
export const alphaBetaProgram: ProgramSpec = {
  label: 'ctc-forward-backward',
  shaders: ['common', 'two_float', 'reduce', 'forward', 'backward', 'alpha_beta'],
  workgroupSize: 128,
  storage: ['read', 'write', 'write', 'write'],
  grid: ({ B }) => [2 * B, 1, 1],
};
