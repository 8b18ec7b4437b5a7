import { defineCtcBackend, type CtcBackend } from '@seq2seq-losses/spec';
import { computeBatch } from './compute.js';

/** Options of the reference backend: none today. */
export type ReferenceBackendOptions = Record<string, never>;

/**
 * The float64 reference as a CtcBackend. The async methods run the synchronous computation on the
 * calling thread (inputs are consumed before the promise is returned); the call contract
 * (validation, timeMajor, dispose) is spec's `defineCtcBackend`.
 */
export async function createBackend(_options?: ReferenceBackendOptions): Promise<CtcBackend> {
  return defineCtcBackend({
    name: 'reference-cpu',
    capabilities: {
      precision: 'float64',
      variants: ['classic', 'simplified'],
      inputModes: ['logits', 'logProbs'],
      hessianVectorProduct: true,
      hessian: true,
    },
    info: {},
    async loss({ batch, options }) {
      return computeBatch(batch, options, {}).loss;
    },
    async lossAndGradient({ batch, options }) {
      const r = computeBatch(batch, options, { gradient: true });
      return { loss: r.loss, gradient: r.gradient! };
    },
    async hessianVectorProduct({ batch, options, direction }) {
      const r = computeBatch(batch, options, { gradient: true, direction });
      return { loss: r.loss, gradient: r.gradient!, hvp: r.hvp! };
    },
    async hessian({ batch, options }) {
      const r = computeBatch(batch, options, { gradient: true, hessian: true });
      return { loss: r.loss, gradient: r.gradient!, hessian: r.hessian! };
    },
    async dispose() {},
  });
}
