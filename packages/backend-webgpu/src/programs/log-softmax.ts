import type { ProgramSpec } from '../program.js';

/** z = log_softmax(x) per valid frame (or a copy in logProbs mode). Bindings: x [B,T,C], z [B,T,C]. */
export const logSoftmaxProgram: ProgramSpec = {
  label: 'ctc-log-softmax',
  shaders: ['common', 'reduce', 'log_softmax'],
  workgroupSize: 64,
  storage: ['read', 'write'],
  grid: ({ B, T }) => [T, B, 1],
};
