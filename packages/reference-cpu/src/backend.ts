import { validateCtcCall, type CtcBackend, type CtcBatch, type CtcOptions, type FloatArray } from '@seq2seq-losses/spec';
import { computeBatch } from './compute.js';

/** Options of the reference backend: none today. */
export type ReferenceBackendOptions = Record<string, never>;

/**
 * The float64 reference as a CtcBackend. The async methods run the synchronous computation on the
 * calling thread; each validates with its own method name ('loss', 'lossAndGradient', ...).
 */
export async function createBackend(_options?: ReferenceBackendOptions): Promise<CtcBackend> {
  return {
    name: 'reference-cpu',
    capabilities: {
      precision: 'float64',
      variants: ['classic', 'simplified'],
      inputModes: ['logits', 'logProbs'],
      hessianVectorProduct: true,
      hessian: true,
    },
    info: {},
    async loss(batch: CtcBatch, options?: CtcOptions) {
      return computeBatch(batch, validateCtcCall('loss', batch, options), {}).loss;
    },
    async lossAndGradient(batch: CtcBatch, options?: CtcOptions) {
      const r = computeBatch(batch, validateCtcCall('lossAndGradient', batch, options), { gradient: true });
      return { loss: r.loss, gradient: r.gradient! };
    },
    async hessianVectorProduct(batch: CtcBatch, direction: FloatArray, options?: CtcOptions) {
      const opts = validateCtcCall('hessianVectorProduct', batch, options, direction);
      const r = computeBatch(batch, opts, { gradient: true, direction });
      return { loss: r.loss, gradient: r.gradient!, hvp: r.hvp! };
    },
    async hessian(batch: CtcBatch, options?: CtcOptions) {
      const r = computeBatch(batch, validateCtcCall('hessian', batch, options), { gradient: true, hessian: true });
      return { loss: r.loss, gradient: r.gradient!, hessian: r.hessian! };
    },
    async dispose() {},
  };
}
