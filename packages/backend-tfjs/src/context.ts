import type { CtcDims, ResolvedCtcOptions } from '@seq2seq-losses/spec';

/**
 * Everything a CTC computation needs besides the float tensors, held on the host:
 * labels [B, L], labelLength [B], logitLength [B] (read once with dataSync and validated),
 * the dims and the resolved options. Kernels receive these as attributes, so no label
 * tensor has to outlive the call for a later backward pass.
 */
export interface CtcContext {
  readonly labels: Int32Array;
  readonly labelLength: Int32Array;
  readonly logitLength: Int32Array;
  readonly dims: CtcDims;
  readonly options: ResolvedCtcOptions;
}
