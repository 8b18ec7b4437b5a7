import type { ProgramSpec } from '../program.js';

/**
 * Occupancy, gradient and per-frame logZ, one workgroup per frame.
 * Bindings: z [B,T,C], alpha [B,T,S,2], beta [B,T,S,2], stats [B + 2*B*T] (writes logZ), gradient [B,T,C].
 */
export const occupancyProgram: ProgramSpec = {
  label: 'ctc-occupancy',
  shaders: ['common', 'two_float', 'reduce', 'live', 'rows', 'posterior', 'scatter', 'occupancy'],
  workgroupSize: 64,
  storage: ['read', 'read', 'read', 'write', 'write'],
  grid: ({ B, T }) => [T, B, 1],
};
