#!/usr/bin/env node
// Writes one CTC model of @seq2seq-losses/backend-onnx to an .onnx file.
//   node scripts/export-model.mjs [--variant classic|simplified] [--op loss|lossAndGradient|hvp]
//        [--dtype float32|float64] [--inputs logits|logProbs] [--out FILE]
// Default: classic lossAndGradient float32 logits -> ctc_classic_lossAndGradient_logits_float32.onnx
// (needs the package built: npx tsc -p tsconfig.build.json)
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportOnnxModel } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'classic' },
    op: { type: 'string', default: 'lossAndGradient' },
    dtype: { type: 'string', default: 'float32' },
    inputs: { type: 'string', default: 'logits' },
    out: { type: 'string' },
  },
});
const bytes = exportOnnxModel({ variant: values.variant, op: values.op, dtype: values.dtype, inputs: values.inputs });
const out = values.out ?? `ctc_${values.variant}_${values.op}_${values.inputs}_${values.dtype}.onnx`;
writeFileSync(out, bytes);
console.log(`wrote ${out} (${bytes.length} bytes)`);
