#!/usr/bin/env node
// Writes packages/conformance/vectors/*.json (ctc-vectors/1). Run after building spec and reference-cpu:
//   node packages/conformance/scripts/generate-vectors.mjs
// closed-form.json: hand-derived values (docs/math.md worked numbers as closed forms, single-alignment
//   cases as -sum z and p - onehot, 1e10, empty labels, T_b = 0, infeasible, garbage padding, errors).
// reference.json: random batches computed by reference-cpu (both variants and input modes, HVP,
//   small full Hessians, -inf, spread 1e3, long T). Inputs are multiples of 1/64: exact in float32.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toVectorFileJson } from '@seq2seq-losses/spec';
import { closedFormCases } from './vectors/closed-form.mjs';
import { referenceCases } from './vectors/reference.mjs';

const dir = fileURLToPath(new URL('../vectors/', import.meta.url));

/** JSON with innermost number arrays on one line (the files stay small and diffable). */
function compactJson(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.every((v) => !Array.isArray(v) && (v === null || typeof v !== 'object'))) return JSON.stringify(value);
    const inner = indent + ' ';
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = indent + ' ';
    const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
    return `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

for (const [name, description, cases] of [
  ['closed-form.json', 'Hand-derived closed forms (docs/math.md worked numbers, single alignments, edge cases, input errors).', closedFormCases()],
  ['reference.json', 'Random batches computed by @seq2seq-losses/reference-cpu (float64); inputs are multiples of 1/64.', referenceCases()],
]) {
  const text = compactJson(toVectorFileJson(cases, description)) + '\n';
  writeFileSync(dir + name, text);
  console.log(`${name}: ${cases.length} cases, ${(text.length / 1024).toFixed(1)} KiB`);
}
