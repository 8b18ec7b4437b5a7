import type { ProgramSpec } from '../program.js';

/**
 * Loss only: the alpha recursion (stored rescaled every 8 frames) and ll, one workgroup per sample.
 * Bindings: z [B,T,C], alpha [B,T,S,2], stats [B + 2*B*T].
 */
export const forwardProgram: ProgramSpec = {
  label: 'ctc-forward',
  shaders: ['common', 'two_float', 'reduce', 'forward', 'forward_main'],
  workgroupSize: 128,
  storage: ['read', 'write', 'write'],
  grid: ({ B }) => [B, 1, 1],
};
