import type { ProgramSpec } from '../program.js';

/**
 * z = log_softmax(x) per valid frame (or a copy in logProbs mode), and a flag per frame: NaN or +inf,
 * or all -inf. Bindings: x [B,T,C], z [B,T,C], frame_bad [B,T].
 */
export const logSoftmaxProgram: ProgramSpec = {
  label: 'ctc-log-softmax',
  shaders: ['common', 'reduce', 'log_softmax'],
  workgroupSize: 64,
  storage: ['read', 'write', 'write'],
  grid: ({ B, T }) => [T, B, 1],
};
