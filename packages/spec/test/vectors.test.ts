import { describe, expect, it } from 'vitest';
import { CtcVectorFormatError, exampleBatch, readVectorFile, writeVectorFile } from '../src/index.js';

describe('ctc-vectors/1', () => {
  it('round-trips a case with non-finite numbers, negative blank, direction and expected outputs', () => {
    const batch = exampleBatch();
    batch.logits[3] = -Infinity;
    batch.logits[29] = NaN;
    const text = writeVectorFile([
      {
        name: 'example',
        variant: 'simplified',
        blankIndex: -3,
        inputs: 'logProbs',
        batch,
        direction: new Float64Array(30).fill(0.5),
        expected: { loss: [1.25, Infinity], hvp: new Float64Array(30) },
        tolerance: { rtol: 1e-6 },
      },
      { name: 'bad', variant: 'classic', batch, expectedError: 'BLANK_IN_LABEL' },
    ]);
    const [c, bad] = readVectorFile(text);
    expect(c.name).toBe('example');
    expect([c.variant, c.blankIndex, c.inputs, c.zeroInfinity]).toEqual(['simplified', -3, 'logProbs', false]);
    expect(c.batch.dims).toEqual(batch.dims);
    expect(Array.from(c.batch.logits)).toEqual(Array.from(batch.logits));
    expect(Array.from(c.batch.labels)).toEqual(Array.from(batch.labels));
    expect(Array.from(c.expected!.loss!)).toEqual([1.25, Infinity]);
    expect(c.direction![7]).toBe(0.5);
    expect(c.tolerance).toEqual({ rtol: 1e-6, atol: undefined });
    expect(bad.expectedError).toBe('BLANK_IN_LABEL');
  });

  it('reads zero-size batches through dims', () => {
    const empty = { ...exampleBatch(), logits: new Float64Array(0), labels: new Int32Array(0), labelLength: new Int32Array(0), logitLength: new Int32Array(0), dims: { B: 0, T: 5, C: 3, L: 4 } };
    const [c] = readVectorFile(writeVectorFile([{ name: 'empty', variant: 'classic', batch: empty, expected: { loss: [] } }]));
    expect(c.batch.dims).toEqual({ B: 0, T: 5, C: 3, L: 4 });
  });

  it('rejects bad files with the JSON path', () => {
    const good = JSON.parse(writeVectorFile([{ name: 'a', variant: 'classic', batch: exampleBatch(), expected: { loss: [1, 2] } }]));
    const bad = (mutate: (f: any) => void) => {
      const f = structuredClone(good);
      mutate(f);
      return () => readVectorFile(f);
    };
    expect(() => readVectorFile('{')).toThrow(CtcVectorFormatError);
    expect(bad((f) => (f.format = 'ctc-vectors/2'))).toThrow(/\$\.format/);
    expect(bad((f) => (f.cases[0].variant = 'rnnt'))).toThrow(/cases\[0\]\.variant/);
    expect(bad((f) => (f.cases[0].expected.loss = [1]))).toThrow(/cases\[0\]\.expected\.loss/);
    expect(bad((f) => (f.cases[0].labels[1] = [1, 2]))).toThrow(/cases\[0\]\.labels\[1\]/);
    expect(bad((f) => f.cases.push(f.cases[0]))).toThrow(/duplicate case name/);
    expect(bad((f) => delete f.cases[0].expected)).toThrow(/needs "expected" or "expectedError"/);
  });
});
