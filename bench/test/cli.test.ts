import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.mjs', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'ctc-bench-cli-'));
let stdout = '';

beforeAll(async () => {
  ({ stdout } = await promisify(execFile)(process.execPath, [CLI, '--case', 'tiny', '--backend', 'reference-cpu', '--no-torch', '--no-progress', '--out', out, '--machine', 'test'], { timeout: 120_000 }));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const read = (suffix: string) => readFileSync(join(out, readdirSync(out).find((f) => f.endsWith(suffix)) as string), 'utf8');

describe('bench CLI quick mode (--case tiny --backend reference-cpu)', () => {
  it('writes the JSON, markdown and two SVG charts named <date>-<machine>', () => {
    const files = readdirSync(out).sort();
    const date = new Date().toISOString().slice(0, 10);
    expect(files.map((f) => f.replace(/^\d{4}-\d\d-\d\d/, 'DATE'))).toEqual(['DATE-test-cases.svg', 'DATE-test-length.svg', 'DATE-test.json', 'DATE-test.md']);
    expect(files.every((f) => f.slice(0, 10) === date || f.slice(0, 10) < date)).toBe(true);
    expect(read('-cases.svg')).toMatch(/^<svg[\s\S]*reference-cpu[\s\S]*<\/svg>$/);
    expect(stdout).toMatch(/8 measurements in \d+ s; 0 wrong or failed/);
  });

  it('has one record per op and variant with the case shape, timings and a zero deviation', () => {
    const json = JSON.parse(read('-test.json'));
    expect(json.format).toBe('ctc-bench/1');
    expect(json.machine.cores).toBeGreaterThan(0);
    expect(json.backends.find((b: { id: string }) => b.id === 'reference-cpu').available).toBe(true);
    const records = json.records;
    expect(records.map((r: { op: string; variant: string }) => `${r.variant}/${r.op}`).sort()).toEqual(
      ['classic', 'simplified'].flatMap((v) => ['forward', 'hessian', 'hvp', 'lossAndGradient'].map((o) => `${v}/${o}`)),
    );
    for (const r of records) {
      expect(r).toMatchObject({ case: 'tiny', backend: 'reference-cpu', B: 4, T: 20, C: 6, status: 'ok', maxAbsDeviation: 0, precision: 'float64' });
      // the seeded lengths lie inside the case's ranges: labels [2, 6], frames [14, 20]
      expect(r.labelLength[0]).toBeGreaterThanOrEqual(2);
      expect(r.labelLength[1]).toBeLessThanOrEqual(6);
      expect(r.logitLength[0]).toBeGreaterThanOrEqual(14);
      expect(r.logitLength[1]).toBeLessThanOrEqual(20);
      expect(r.reps).toBe(3);
      expect(r.minMs).toBeGreaterThan(0);
      expect(r.minMs).toBeLessThanOrEqual(r.medianMs);
      expect(r.medianMs).toBeLessThanOrEqual(r.maxMs);
      expect(r.peakMemoryMb).toBeGreaterThan(10);
      // every output of the op was compared: forward has the loss only, hvp adds the hvp
      const outputs = { forward: ['loss'], lossAndGradient: ['loss', 'gradient'], hvp: ['loss', 'gradient', 'hvp'], hessian: ['loss', 'gradient', 'hessian'] };
      expect(r.deviations).toEqual(Object.fromEntries(outputs[r.op as keyof typeof outputs].map((k) => [k, 0])));
    }
  });

  it('writes a markdown table with a row per measurement', () => {
    const md = read('-test.md');
    expect(md).toContain('| case | shape | op | variant | reference-cpu |');
    expect(md.match(/^\| tiny \| forward \| (classic|simplified) \| reference-cpu \|/gm)).toHaveLength(2);
  });

  it('rejects an unknown case with the list of known ones', async () => {
    await expect(promisify(execFile)(process.execPath, [CLI, '--case', 'nope', '--no-torch'])).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown case nope; known: tiny, original'),
    });
  });
});

describe('bench CLI --module (a backend written elsewhere, timed beside ours)', () => {
  it('times the minimal example backend under its name, checks it against the reference and marks what it lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctc-bench-module-'));
    try {
      const example = fileURLToPath(new URL('../../examples/minimal-backend/index.mjs', import.meta.url));
      await promisify(execFile)(process.execPath, [CLI, '--case', 'tiny', '--backend', 'reference-cpu', '--module', example, '--no-torch', '--no-progress', '--out', dir, '--machine', 'test'], { timeout: 120_000 });
      const json = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('-test.json')) as string), 'utf8'));
      expect(json.backends.find((b: { id: string }) => b.id === 'minimal-js')).toMatchObject({ available: true, precision: 'float64', module: example });
      const mine = json.records.filter((r: { backend: string }) => r.backend === 'minimal-js');
      const byKey = Object.fromEntries(mine.map((r: { variant: string; op: string; status: string }) => [`${r.variant}/${r.op}`, r]));
      expect(byKey['classic/lossAndGradient']).toMatchObject({ status: 'ok' });
      expect(byKey['classic/lossAndGradient'].maxAbsDeviation).toBeLessThan(1e-12);
      expect(byKey['classic/hvp'].status).toBe('unsupported');
      expect(byKey['simplified/forward'].status).toBe('unsupported');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
