import type { ProgramSpec } from '../program.js';

/**
 * Posterior mean of each direction per frame, and the softmax term of the HVP, per (frame, direction).
 * Bindings: z, alpha, beta, stats, dir [D,B,T,C], centre [D,B,T], hvp [D,B,T,C].
 */
export const centreProgram: ProgramSpec = {
  label: 'ctc-hvp-centre',
  shaders: ['common', 'two_float', 'reduce', 'live', 'rows', 'posterior', 'centre'],
  workgroupSize: 64,
  storage: ['read', 'read', 'read', 'read', 'read', 'write', 'write'],
  grid: ({ B, T, D }) => [T, B, D],
};
