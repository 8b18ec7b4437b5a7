import { describe, expect, it } from 'vitest';
import { CtcInputError, exampleBatch, validateCtcCall, type CtcBatch } from '../src/index.js';

const call = (batch: Partial<CtcBatch>, options?: unknown, direction?: unknown) => () =>
  validateCtcCall('lossAndGradient', { ...exampleBatch(), ...batch } as CtcBatch, options as never, direction as never);

describe('validateCtcCall', () => {
  it('fills defaults and normalises a negative blankIndex', () => {
    expect(validateCtcCall('loss', exampleBatch())).toEqual({ variant: 'classic', blankIndex: 0, inputs: 'logits', zeroInfinity: false });
    const batch = { ...exampleBatch(), labels: Int32Array.from([0, 1, 1, 0, 0, 1, 0, 2]) };
    expect(validateCtcCall('loss', batch, { blankIndex: -1, variant: 'simplified', inputs: 'logProbs', zeroInfinity: true })).toEqual({
      variant: 'simplified', blankIndex: 2, inputs: 'logProbs', zeroInfinity: true,
    });
  });

  it('ignores padded labels (any integer beyond labelLength)', () => {
    expect(() => call({ labels: Int32Array.from([1, 2, 2, 1, 1, 2, 1, -99]) })()).not.toThrow();
  });

  const cases: Array<[string, ReturnType<typeof call>, string, RegExp]> = [
    ['SHAPE_MISMATCH', call({ logits: new Float64Array(29) }), 'logits', /30 elements \(B\*T\*C = 2\*5\*3\), got 29/],
    ['SHAPE_MISMATCH', call({}, {}, new Float32Array(2)), 'direction', /got 2/],
    ['LENGTH_OUT_OF_RANGE', call({ logitLength: Int32Array.from([5, 6]) }), 'logitLength', /logitLength\[1\]` in \[0, T\] = \[0, 5\], got 6/],
    ['LABEL_OUT_OF_RANGE', call({ labels: Int32Array.from([1, 2, 2, 1, 1, -1, 1, 0]) }), 'labels', /labels\[1\]\[1\]` in \[0, C\) = \[0, 3\), got -1/],
    ['BLANK_IN_LABEL', call({}, { blankIndex: -2 }), 'labels', /differ from the blank index 1/],
    ['BLANK_OUT_OF_RANGE', call({}, { blankIndex: 3 }), 'options.blankIndex', /\[-3, 3\), got 3/],
    ['INVALID_OPTION', call({}, { zeroInfinity: 'yes' }), 'options.zeroInfinity', /boolean/],
    ['INVALID_OPTION', call({ labelLength: [4, 3] as unknown as Int32Array }), 'labelLength', /Int32Array, got Array/],
  ];
  for (const [code, fn, argument, message] of cases) {
    it(`${code} on ${argument}`, () => {
      try {
        fn();
        expect.unreachable('no error thrown');
      } catch (error) {
        expect(error).toBeInstanceOf(CtcInputError);
        const e = error as CtcInputError;
        expect([e.code, e.argument, e.functionName]).toEqual([code, argument, 'lossAndGradient']);
        expect(e.message).toMatch(message);
        expect(e.message.startsWith('lossAndGradient: ')).toBe(true);
      }
    });
  }
});
