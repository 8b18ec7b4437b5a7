import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { CtcInputError, randomBatch, toleranceFor } from '@seq2seq-losses/spec';
import { exportOnnxModel } from '../src/index.js';
import { expectClose } from './helpers.js';

const int64 = (x: Int32Array, dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(x, (v) => BigInt(v)), dims);

// The exported bytes are a self-contained model: a fresh session fed by hand (as a Python or C#
// user would) reproduces reference-cpu.
describe('exportOnnxModel', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`simplified logProbs hvp model (${dtype}) runs in a fresh session and matches reference-cpu`, async () => {
      const bytes = exportOnnxModel({ variant: 'simplified', op: 'hvp', dtype, inputs: 'logProbs' });
      const session = await ort.InferenceSession.create(bytes);
      try {
        expect(session.inputNames).toEqual(['logits', 'labels', 'label_lengths', 'logit_lengths', 'blank', 'direction']);
        expect(session.outputNames).toEqual(['loss', 'gradient', 'hvp']);
        const spec = { B: 3, T: 7, C: 4, L: 3, labelLength: [0, 3] as const, logitLength: [3, 7] as const, blankIndex: 3, dtype };
        const batch = randomBatch({ ...spec, seed: 5 });
        const direction = randomBatch({ ...spec, seed: 6 }).logits;
        const { B, T, C, L } = batch.dims;
        const out = await session.run({
          logits: new ort.Tensor(dtype, batch.logits, [B, T, C]),
          labels: int64(batch.labels, [B, L]),
          label_lengths: int64(batch.labelLength, [B]),
          logit_lengths: int64(batch.logitLength, [B]),
          blank: new ort.Tensor('int64', BigInt64Array.of(3n), []),
          direction: new ort.Tensor(dtype, direction, [B, T, C]),
        });
        const ref = referenceHessianVectorProduct(batch, direction, { variant: 'simplified', inputs: 'logProbs', blankIndex: 3 });
        const tol = toleranceFor(dtype);
        expect(out.loss.dims).toEqual([B]);
        expect(out.gradient.dims).toEqual([B, T, C]);
        expectClose(out.loss.data as Float64Array, ref.loss, tol, 'loss');
        expectClose(out.gradient.data as Float64Array, ref.gradient, tol, 'gradient');
        expectClose(out.hvp.data as Float64Array, ref.hvp, tol, 'hvp');
      } finally {
        await session.release();
      }
    });
  }

  it('rejects unknown options with a typed error', () => {
    expect(() => exportOnnxModel({ op: 'hessian' as never })).toThrow(CtcInputError);
    expect(() => exportOnnxModel({ dtype: 'float16' as never })).toThrow(/options\.dtype/);
  });

  it('scripts/export-model.mjs writes the same bytes to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-export-'));
    try {
      const out = join(dir, 'm.onnx');
      const script = fileURLToPath(new URL('../scripts/export-model.mjs', import.meta.url));
      execFileSync(process.execPath, [script, '--op', 'loss', '--dtype', 'float64', '--out', out]);
      const expected = exportOnnxModel({ op: 'loss', dtype: 'float64' });
      expect(Buffer.compare(readFileSync(out), expected)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
