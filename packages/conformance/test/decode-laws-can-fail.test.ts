import { describe, expect, it } from 'vitest';
import { formatFailure } from '../src/failures.js';
import { DECODE_LAWS } from '../src/decode/laws.js';
import { loadDecodeVectors, runDecodeVector } from '../src/decode/vectors.js';
import { resolveTolerance } from '../src/tolerance.js';
import { enumerationDecoder, type OracleBugs } from './support/enumeration-decoder.js';

/** Failure lines of one decode law against the enumeration decoder with `bugs`. */
async function failuresOf(id: string, bugs: OracleBugs): Promise<string[]> {
  const law = DECODE_LAWS.find((l) => l.id === id)!;
  return (await law.run(enumerationDecoder(bugs), { tolerance: resolveTolerance('float64'), runs: 20, seed: 7 })).map(formatFailure);
}

describe('the decode laws', () => {
  it('hold for an independent decoder that enumerates every alignment, and so do the vectors', async () => {
    // beam-pruned (beam width 2) and align-occupancy (T up to 14) are out of an enumerator's reach.
    const enumerable = DECODE_LAWS.filter((l) => l.id !== 'decode/beam-pruned' && l.id !== 'decode/align-occupancy');
    const ctx = { tolerance: resolveTolerance('float64'), runs: 8, seed: 11 };
    for (const law of enumerable) expect((await law.run(enumerationDecoder(), ctx)).map(formatFailure), law.id).toEqual([]);
    const tol = resolveTolerance('float64');
    for (const v of loadDecodeVectors()) expect((await runDecodeVector(enumerationDecoder(), v, tol)).map(formatFailure)).toEqual([]);
  });

  it('catch greedy decoding that forgets to merge repeats (classic)', async () => {
    expect((await failuresOf('decode/greedy-argmax', { noMerge: true })).join('\n')).toMatch(/greedy labels/);
  });

  it('catch a beam search that scores a labelling by its best path instead of the sum over alignments', async () => {
    expect((await failuresOf('decode/beam-exact', { maxInsteadOfSum: true })).join('\n')).toMatch(/logProb vs -loss/);
  });

  it('catch a forced alignment that reports the sum over alignments instead of the best path', async () => {
    expect((await failuresOf('decode/align-best-path', { sumInsteadOfMax: true })).join('\n')).toMatch(/align logScore/);
  });

  it('catch a decoder that reads padded frames', async () => {
    expect((await failuresOf('decode/padding-inert', { readsPadding: true })).join('\n')).toMatch(/with garbage padding/);
  });

  it('catch a decoder that accepts bad options', async () => {
    const lines = await failuresOf('decode/input-errors', { noValidation: true });
    expect(lines.join('\n')).toMatch(/timeMajor 'yes': greedy error/);
    expect(lines.join('\n')).toMatch(/beamWidth 0: beamSearch error/);
  });
});
