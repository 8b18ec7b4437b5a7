import { describe, expect, it } from 'vitest';
import { exampleBatch } from '@seq2seq-losses/spec';
import { createBackend, referenceHessian, referenceHessianVectorProduct } from '../src/index.js';

describe('createBackend', () => {
  it('declares its capabilities', async () => {
    const backend = await createBackend();
    expect(backend.name).toBe('reference-cpu');
    expect(backend.capabilities).toEqual({
      precision: 'float64',
      variants: ['classic', 'simplified'],
      inputModes: ['logits', 'logProbs'],
      hessianVectorProduct: true,
      hessian: true,
    });
    expect(backend.info).toEqual({});
    await backend.dispose();
    await backend.dispose(); // idempotent
  });

  it('async methods return exactly the synchronous results', async () => {
    const backend = await createBackend();
    const batch = exampleBatch();
    const direction = Float64Array.from({ length: 30 }, (_, i) => Math.cos(i));
    const options = { variant: 'simplified' as const, blankIndex: -3 };
    const hvp = referenceHessianVectorProduct(batch, direction, options);
    const hes = referenceHessian(batch, options);
    expect(Array.from(await backend.loss(batch, options))).toEqual(Array.from(hvp.loss));
    expect(Array.from((await backend.lossAndGradient(batch, options)).gradient)).toEqual(Array.from(hvp.gradient));
    expect(Array.from((await backend.hessianVectorProduct(batch, direction, options)).hvp)).toEqual(Array.from(hvp.hvp));
    expect(Array.from((await backend.hessian(batch, options)).hessian)).toEqual(Array.from(hes.hessian));
    await backend.dispose();
  });
});
