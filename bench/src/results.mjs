import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timePerCaseSpec, timeVsLengthSpec } from './report/chart-specs.mjs';
import { toMarkdown } from './report/markdown.mjs';
import { renderSvg } from './report/svg.mjs';

/** JSON has no Infinity / NaN: they are written as "inf", "-inf", "nan" (as in ctc-vectors/1). */
const jsonNumbers = (/** @type {string} */ _key, /** @type {unknown} */ v) =>
  typeof v === 'number' && !Number.isFinite(v) ? (v !== v ? 'nan' : v > 0 ? 'inf' : '-inf') : v;

/**
 * Writes <dir>/<date>-<machine>.json, .md, -cases.svg and -length.svg.
 * @param {string} dir
 * @param {string} stem e.g. '2026-11-26-amd-epyc-2c'
 * @param {import('./runner.mjs').BenchRecord[]} records
 * @param {Parameters<typeof toMarkdown>[1]} meta
 * @returns {Promise<string[]>} the files written
 */
export async function writeResults(dir, stem, records, meta) {
  mkdirSync(dir, { recursive: true });
  const files = {
    json: join(dir, `${stem}.json`),
    md: join(dir, `${stem}.md`),
    cases: join(dir, `${stem}-cases.svg`),
    length: join(dir, `${stem}-length.svg`),
  };
  writeFileSync(files.json, JSON.stringify({ format: 'ctc-bench/1', ...meta, records }, jsonNumbers, 1) + '\n');
  writeFileSync(files.md, toMarkdown(records, meta));
  writeFileSync(files.cases, await renderSvg(timePerCaseSpec(records)));
  writeFileSync(files.length, await renderSvg(timeVsLengthSpec(records)));
  return Object.values(files);
}
