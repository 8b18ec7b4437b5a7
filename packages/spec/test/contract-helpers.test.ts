import { describe, expect, it } from 'vitest';
import {
  CtcInputError,
  batchMajorToTimeMajor,
  checkHessianSize,
  closestKey,
  directionToFloat32,
  hessianToTimeMajor,
  labelsFromConcatenated,
  logitsToFloat32,
  timeMajorToBatchMajor,
} from '../src/index.js';

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(CtcInputError);
    return `${(error as CtcInputError).code} ${(error as CtcInputError).argument}: ${(error as Error).message}`;
  }
  throw new Error('no error thrown');
};

describe('layout helpers', () => {
  it('[T, B, C] <-> [B, T, C], element by element', () => {
    const [T, B, C] = [3, 2, 2];
    const tm = Float64Array.from({ length: T * B * C }, (_, i) => i); // value = (t*B + b)*C + c
    const bm = timeMajorToBatchMajor(tm, T, B, C);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) expect(bm[(b * T + t) * C + c]).toBe((t * B + b) * C + c);
    expect(Array.from(batchMajorToTimeMajor(bm, B, T, C))).toEqual(Array.from(tm));
    expect(bm).toBeInstanceOf(Float64Array);
  });

  it('the Hessian [B, T, C, T, C] -> [T, B, C, T, C]', () => {
    const [B, T, C] = [2, 2, 1];
    const h = Float32Array.from({ length: B * T * C * T * C }, (_, i) => i); // h[b, t, c, t2, c2]
    const tm = hessianToTimeMajor(h, B, T, C);
    expect(tm).toBeInstanceOf(Float32Array);
    // tm[t, b, 0, t2, 0] = h[b, t, 0, t2, 0]
    for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) for (let t2 = 0; t2 < T; t2++) expect(tm[(t * B + b) * T + t2]).toBe(h[(b * T + t) * T + t2]);
  });
});

describe('float32 conversion', () => {
  it('shifts every frame by its float64 maximum before rounding (logits), keeps -inf and non-finite frames', () => {
    const x = Float64Array.of(1e300, 1e300 - 1e285, -Infinity, 0.5, 0.25, -1, NaN, 1, 2, -Infinity, -Infinity, -Infinity);
    const got = logitsToFloat32('loss', x, 3, 'logits');
    expect(Array.from(got)).toEqual([0, Math.fround(-1e285), -Infinity, 0, -0.25, -1.5, NaN, 1, 2, -Infinity, -Infinity, -Infinity]);
    // an offset of 1e4: float32's spacing there is 1e-3, the shifted differences keep float64's digits
    const offset = Array.from(logitsToFloat32('loss', Float64Array.of(1e4 + 0.123456789, 1e4), 2, 'logits'));
    expect(offset[0]).toBe(0);
    expect(Math.abs(offset[1] + 0.123456789)).toBeLessThan(1e-8); // rounding x itself would be off by up to 5e-4
    expect(Array.from(logitsToFloat32('loss', Float64Array.of(-1e300, -1e300 + 1e284), 2, 'logits'))).toEqual([Math.fround(-1e284), 0]);
  });

  it('a Float32Array comes back as is; a log-probability above float32 range is a typed error, below it -inf', () => {
    const f = new Float32Array(3);
    expect(logitsToFloat32('loss', f, 3, 'logits')).toBe(f);
    expect(codeOf(() => logitsToFloat32('loss', Float64Array.of(1e300, 0), 2, 'logProbs'))).toMatch(/^VALUE_OUT_OF_RANGE logits: .*got 1e\+300/);
    expect(Array.from(logitsToFloat32('loss', Float64Array.of(-1e300, 0), 2, 'logProbs'))).toEqual([-Infinity, 0]);
    expect(codeOf(() => directionToFloat32('hessianVectorProduct', Float64Array.of(0, -1e40)))).toMatch(/^VALUE_OUT_OF_RANGE direction: .*`direction\[1\]`/);
  });
});

describe('checkHessianSize', () => {
  it('names the size before anything is allocated', () => {
    expect(codeOf(() => checkHessianSize('hessian', { B: 1, T: 2, C: 50000, L: 1 }))).toMatch(
      /^SIZE_LIMIT logits: hessian: the full Hessian \[B, T, C, T, C\] = \[1, 2, 50000, 2, 50000\] has 1\.000e\+10 elements, more than 2147483647/,
    );
    expect(() => checkHessianSize('hessian', { B: 2, T: 100, C: 32, L: 1 })).not.toThrow();
  });
});

describe('labelsFromConcatenated', () => {
  it('PyTorch targets + target_lengths -> dense right-padded labels', () => {
    const r = labelsFromConcatenated([1, 2, 3, 4, 5, 6], Int32Array.of(2, 0, 4));
    expect(r.L).toBe(4);
    expect(Array.from(r.labels)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 3, 4, 5, 6]);
    expect(Array.from(r.labelLength)).toEqual([2, 0, 4]);
    expect(labelsFromConcatenated([], [])).toEqual({ labels: new Int32Array(0), labelLength: new Int32Array(0), L: 0 });
  });

  it('typed errors naming the argument and the numbers', () => {
    expect(codeOf(() => labelsFromConcatenated([1, 2, 3], [2, 2]))).toMatch(/^SHAPE_MISMATCH targets: .*sum\(targetLengths\) = 4 elements, got 3/);
    expect(codeOf(() => labelsFromConcatenated([1, 2], [1.5, 0.5]))).toMatch(/^LENGTH_OUT_OF_RANGE targetLengths: .*`targetLengths\[0\]` to be an integer >= 0, got 1.5/);
    expect(codeOf(() => labelsFromConcatenated([1, 2], [-1, 3]))).toMatch(/^LENGTH_OUT_OF_RANGE targetLengths: .*got -1/);
    expect(codeOf(() => labelsFromConcatenated([1, 2.5], [2]))).toMatch(/^LABEL_OUT_OF_RANGE targets: .*`targets\[1\]` \(sample 0, position 1\) .*got 2.5/);
    expect(codeOf(() => labelsFromConcatenated([1, 2 ** 32 + 1], [2]))).toMatch(/got 4294967297/);
    expect(codeOf(() => labelsFromConcatenated('12' as never, [2]))).toMatch(/^INVALID_OPTION targets: .*got string/);
  });
});

describe('closestKey', () => {
  it('suggests only close keys', () => {
    const known = ['variant', 'blankIndex', 'inputs', 'zeroInfinity', 'timeMajor'];
    expect(closestKey('blank', known)).toBe('blankIndex');
    expect(closestKey('varaint', known)).toBe('variant');
    expect(closestKey('time_major', known)).toBe('timeMajor');
    expect(closestKey('foo', known)).toBeUndefined();
    expect(closestKey('reduction', known)).toBeUndefined();
  });
});
