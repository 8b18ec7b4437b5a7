import { describe, expect, it } from 'vitest';
import { CtcInputError, exampleBatch, type CtcBatch, type CtcInputErrorCode, type CtcOptions } from '@seq2seq-losses/spec';
import { createBackend, referenceHessian, referenceHessianVectorProduct, referenceLoss, referenceLossAndGradient } from '../src/index.js';

// Every CtcInputError code from a matching bad input, through every entry point.
type BadCase = { name: string; code: CtcInputErrorCode; batch?: Partial<CtcBatch>; options?: unknown; direction?: unknown };
const bad: BadCase[] = [
  { name: 'logits one short', code: 'SHAPE_MISMATCH', batch: { logits: new Float64Array(29) } },
  { name: 'labelLength of the wrong batch size', code: 'SHAPE_MISMATCH', batch: { labelLength: Int32Array.from([4]) } },
  { name: 'direction of the wrong size', code: 'SHAPE_MISMATCH', direction: new Float64Array(3) },
  { name: 'logitLength > T', code: 'LENGTH_OUT_OF_RANGE', batch: { logitLength: Int32Array.from([6, 4]) } },
  { name: 'negative labelLength', code: 'LENGTH_OUT_OF_RANGE', batch: { labelLength: Int32Array.from([4, -1]) } },
  { name: 'label >= C', code: 'LABEL_OUT_OF_RANGE', batch: { labels: Int32Array.from([1, 3, 2, 1, 1, 2, 1, 0]) } },
  { name: 'blank inside a label', code: 'BLANK_IN_LABEL', batch: { labels: Int32Array.from([1, 0, 2, 1, 1, 2, 1, 0]) } },
  { name: 'blankIndex = C', code: 'BLANK_OUT_OF_RANGE', options: { blankIndex: 3 } },
  { name: 'blankIndex < -C', code: 'BLANK_OUT_OF_RANGE', options: { blankIndex: -4 } },
  { name: 'unknown variant', code: 'INVALID_OPTION', options: { variant: 'rnnt' } },
  { name: 'unknown input mode', code: 'INVALID_OPTION', options: { inputs: 'probs' } },
  { name: 'fractional blankIndex', code: 'INVALID_OPTION', options: { blankIndex: 0.5 } },
  { name: 'logits as a plain array', code: 'INVALID_OPTION', batch: { logits: [0, 0] as unknown as Float64Array } },
  { name: 'labels as Float64Array', code: 'INVALID_OPTION', batch: { labels: new Float64Array(8) as unknown as Int32Array } },
];

type Call = (batch: CtcBatch, options: CtcOptions, direction: Float64Array) => unknown;
const syncCalls: Array<[string, Call]> = [
  ['referenceLoss', (b, o) => referenceLoss(b, o)],
  ['referenceLossAndGradient', (b, o) => referenceLossAndGradient(b, o)],
  ['referenceHessianVectorProduct', (b, o, d) => referenceHessianVectorProduct(b, d, o)],
  ['referenceHessian', (b, o) => referenceHessian(b, o)],
];

describe('input validation', () => {
  for (const c of bad) {
    for (const [fn, call] of syncCalls) {
      if (c.direction && fn !== 'referenceHessianVectorProduct') continue;
      it(`${fn}: ${c.name} -> ${c.code}`, () => {
        const batch = { ...exampleBatch(), ...c.batch } as CtcBatch;
        const direction = (c.direction ?? new Float64Array(30)) as Float64Array;
        let error: unknown;
        try {
          call(batch, c.options as CtcOptions, direction);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(CtcInputError);
        expect((error as CtcInputError).code).toBe(c.code);
        expect((error as CtcInputError).functionName).toBe(fn);
        expect((error as CtcInputError).message).toMatch(new RegExp(`^${fn}: .*\\[${c.code}\\]$`));
      });
    }
  }

  it('backend methods reject with their own names', async () => {
    const backend = await createBackend();
    const batch = { ...exampleBatch(), logitLength: Int32Array.from([9, 4]) };
    const direction = new Float64Array(30);
    await expect(backend.loss(batch)).rejects.toMatchObject({ code: 'LENGTH_OUT_OF_RANGE', functionName: 'loss' });
    await expect(backend.lossAndGradient(batch)).rejects.toMatchObject({ functionName: 'lossAndGradient' });
    await expect(backend.hessianVectorProduct(batch, direction)).rejects.toMatchObject({ functionName: 'hessianVectorProduct' });
    await expect(backend.hessian(batch)).rejects.toMatchObject({ functionName: 'hessian' });
    await backend.dispose();
  });
});
