import type { ProgramSpec } from '../program.js';

/**
 * The forward tangent r (workgroups 0..B-1) and the backward tangent q (B..2B-1) per direction, in
 * one dispatch. Bindings: alpha, stats, dir [D,B,T,C], centre [D,B,T], r [D,B,T,S], beta, q [D,B,T,S].
 */
export const tangentsProgram: ProgramSpec = {
  label: 'ctc-hvp-tangents',
  shaders: ['common', 'two_float', 'live', 'tangent_forward', 'tangent_backward', 'tangents'],
  workgroupSize: 128,
  storage: ['read', 'read', 'read', 'read', 'write', 'read', 'write'],
  grid: ({ B, D }) => [2 * B, D, 1],
};
