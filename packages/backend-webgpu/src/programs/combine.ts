import type { ProgramSpec } from '../program.js';

/** hvp -= Cov(n) v per (frame, direction). Bindings: z, alpha, beta, stats, r, q, hvp [D,B,T,C]. */
export const combineProgram: ProgramSpec = {
  label: 'ctc-hvp-combine',
  shaders: ['common', 'two_float', 'reduce', 'live', 'posterior', 'scatter', 'combine'],
  workgroupSize: 64,
  storage: ['read', 'read', 'read', 'read', 'read', 'read', 'write'],
  grid: ({ B, T, D }) => [T, B, D],
};
