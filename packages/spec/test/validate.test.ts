import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CtcInputError, exampleBatch, validateCtcCall, type CtcBatch } from '../src/index.js';

const call = (batch: Partial<CtcBatch>, options?: unknown, direction?: unknown) => () =>
  validateCtcCall('lossAndGradient', { ...exampleBatch(), ...batch } as CtcBatch, options as never, direction as never);

describe('validateCtcCall', () => {
  it('fills defaults and normalises a negative blankIndex', () => {
    expect(validateCtcCall('loss', exampleBatch())).toEqual({ variant: 'classic', blankIndex: 0, inputs: 'logits', zeroInfinity: false, timeMajor: false });
    const batch = { ...exampleBatch(), labels: Int32Array.from([0, 1, 1, 0, 0, 1, 0, 2]) };
    expect(validateCtcCall('loss', batch, { blankIndex: -1, variant: 'simplified', inputs: 'logProbs', zeroInfinity: true })).toEqual({
      variant: 'simplified', blankIndex: 2, inputs: 'logProbs', zeroInfinity: true, timeMajor: false,
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
    ['INVALID_OPTION', call({}, { reduction: 'mean' }), 'options.reduction', /unknown option `reduction`; known options: variant, blankIndex/],
    ['INVALID_OPTION', call({}, { blank: 3 }), 'options.blank', /unknown option `blank` \(did you mean 'blankIndex'\?\)/],
    ['INVALID_OPTION', call({}, { zeroInfinty: true }), 'options.zeroInfinty', /did you mean 'zeroInfinity'/],
    ['INVALID_OPTION', call({}, { foo: 1 }), 'options.foo', /unknown option `foo`; known/],
    ['INVALID_OPTION', call({}, { blankIndex: null }), 'options.blankIndex', /integer, got null/],
    ['INVALID_OPTION', call({}, { variant: null }), 'options.variant', /one of classic, simplified, got null/],
    ['INVALID_OPTION', call({}, { timeMajor: 'true' }), 'options.timeMajor', /boolean, got "true"/],
    ['INVALID_OPTION', call({}, { blankIndex: '0' }), 'options.blankIndex', /integer, got "0"/],
    ['INVALID_OPTION', call({}, null), 'options', /object, got null/],
    ['SHAPE_MISMATCH', call({ logits: new Float64Array(0), dims: { B: 2, T: 5, C: 0, L: 4 } }), 'dims.C', /`dims.C` \(tokens, blank included\) to be at least 1, got 0/],
    ['SHAPE_MISMATCH', call({ dims: { B: 2, T: NaN, C: 3, L: 4 } }), 'dims.T', /integer in \[0, 2\^31\), got NaN/],
    ['SHAPE_MISMATCH', call({ dims: { B: 2, T: 2.5, C: 3, L: 4 } }), 'dims.T', /got 2.5/],
    ['SHAPE_MISMATCH', call({ dims: { B: 2, T: 5, C: 3, L: -1 } }), 'dims.L', /got -1/],
    ['SHAPE_MISMATCH', call({ dims: { B: 2 ** 31, T: 5, C: 3, L: 4 } }), 'dims.B', /got 2147483648/],
    ['SHAPE_MISMATCH', call({ dims: { B: '2', T: 5, C: 3, L: 4 } as never }), 'dims.B', /got "2"/],
  ];
  it('accepts arrays from another realm by their tag, and SharedArrayBuffer-backed arrays', () => {
    const foreign = runInNewContext('({ logits: new Float64Array(30), labels: Int32Array.of(1, 2, 2, 1, 1, 2, 1, 0), labelLength: Int32Array.of(4, 3), logitLength: Int32Array.of(5, 4) })');
    expect(foreign.logits instanceof Float64Array).toBe(false);
    expect(() => call(foreign)()).not.toThrow();
    const shared = new Float32Array(new SharedArrayBuffer(30 * 4));
    expect(() => call({ logits: shared })()).not.toThrow();
  });

  it('requires the direction where asked, naming it', () => {
    expect(() => validateCtcCall('hessianVectorProduct', exampleBatch(), {}, undefined, { requireDirection: true })).toThrow(
      /hessianVectorProduct: expected `direction` to be a Float32Array or Float64Array shaped like logits, got undefined \[INVALID_OPTION\]/,
    );
  });

  it('takes extra option keys where a caller declares them', () => {
    expect(() => validateCtcCall('op', exampleBatch(), { reduction: 'mean' } as never, undefined, { extraOptionKeys: ['reduction'] })).not.toThrow();
  });

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
