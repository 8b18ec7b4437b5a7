import { describe, expect, it } from 'vitest';
import { characterErrorRate, editDistance, errorRates, tokenErrorRate, wordErrorRate } from '../src/index.js';

describe('edit distance and error rates', () => {
  it('Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance([], [1, 2])).toBe(2);
    expect(editDistance(Int32Array.of(1, 2, 3), Int32Array.of(1, 3))).toBe(1);
  });

  it('corpus-level rates: total edits over total reference length', () => {
    expect(tokenErrorRate([Int32Array.of(1, 2), Int32Array.of()], [Int32Array.of(1, 2, 3), Int32Array.of(4)])).toEqual({ rate: 0.5, edits: 2, referenceLength: 4 });
    expect(wordErrorRate(['the cat sat', 'hello'], ['the cat sat down', 'hello world'])).toEqual({ rate: 2 / 6, edits: 2, referenceLength: 6 });
    expect(characterErrorRate(['héllo'], ['hello']).rate).toBe(1 / 5);
    expect(errorRates(['a b'], ['a c']).wer.rate).toBe(0.5);
    expect(tokenErrorRate([[1]], [[]]).rate).toBe(Infinity);
    expect(tokenErrorRate([[]], [[]]).rate).toBe(0);
  });

  it('rejects batches of different sizes', () => {
    expect(() => wordErrorRate(['a'], [])).toThrow(/hypotheses.*0 items.*got 1 \[SHAPE_MISMATCH\]/);
  });
});
