/** Kernel names of this package (namespaced so they never clash with tfjs's own kernels). */
export const CTC_LOSS_KERNEL = 'Seq2SeqCtcLoss';
export const CTC_LOSS_AND_GRADIENT_KERNEL = 'Seq2SeqCtcLossAndGradient';
export const CTC_HVP_KERNEL = 'Seq2SeqCtcHessianVectorProduct';
/** loss [B], gradient [B, T, C] and the full Hessian [B, T, C, T, C] in one call. */
export const CTC_HESSIAN_KERNEL = 'Seq2SeqCtcHessian';
/** out[b, ...] = scale[b] * x[b, ...]: the upstream gradient dy [B] applied per sample. */
export const CTC_SCALE_SAMPLES_KERNEL = 'Seq2SeqCtcScaleSamples';

/** tfjs backends that get the synchronous kernels (they support backend.readSync cheaply). */
export const SYNC_KERNEL_BACKENDS = ['cpu', 'wasm'] as const;
