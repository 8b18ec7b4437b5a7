import { describe, expect, it } from 'vitest';
import { latticeTopology, writeLatticeTopology } from '../src/index.js';

describe('lattice topology', () => {
  // label (3, 3, 5) at offset 1, blank 0: states _ 3 _ 3 _ 5 _
  const labels = [9, 3, 3, 5, 9];

  it('classic: every state stays; skip into a token that differs from the previous one', () => {
    const t = latticeTopology('classic', labels, 1, 3, 0);
    expect(t.S).toBe(7);
    expect([...t.token]).toEqual([0, 3, 0, 3, 0, 5, 0]);
    expect([...t.stay]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect([...t.skip]).toEqual([0, 0, 0, 0, 0, 1, 0]);
  });

  it('simplified: token states never stay; skip into every token state after the first', () => {
    const t = latticeTopology('simplified', labels, 1, 3, 0);
    expect([...t.token]).toEqual([0, 3, 0, 3, 0, 5, 0]);
    expect([...t.stay]).toEqual([1, 0, 1, 0, 1, 0, 1]);
    expect([...t.skip]).toEqual([0, 0, 0, 1, 0, 1, 0]);
  });

  it('the empty label is one blank state', () => {
    const t = latticeTopology('classic', [], 0, 0, 4);
    expect({ S: t.S, token: [...t.token], stay: [...t.stay], skip: [...t.skip] }).toEqual({ S: 1, token: [4], stay: [1], skip: [0] });
  });

  it('writes into [at, at + S) of other arrays and touches nothing else', () => {
    const target = { token: new Int32Array(7).fill(-1), stay: new Float64Array(7).fill(-1), skip: new Float64Array(7).fill(-1) };
    expect(writeLatticeTopology('classic', [2, 1], 0, 2, 1, target, 2)).toBe(5);
    expect([...target.token]).toEqual([-1, -1, 1, 2, 1, 1, 1]);
    expect([...target.stay]).toEqual([-1, -1, 1, 1, 1, 1, 1]);
    expect([...target.skip]).toEqual([-1, -1, 0, 0, 0, 1, 0]);
  });
});
