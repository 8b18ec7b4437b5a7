import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const main = join(root, 'dist', 'cli', 'main.js');

/** Runs the built CLI; CI builds before testing (npm test = build + vitest). */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

let dir: string;
beforeAll(() => {
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: build first (cd packages/conformance && npm run build)`);
  }
  dir = mkdtempSync(join(tmpdir(), 'ctc-conformance-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ctc-conformance', () => {
  it('the package bin is an executable node script', () => {
    const r = spawnSync(join(root, 'bin', 'ctc-conformance.js'), ['--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: ctc-conformance/);
  });

  it('--list prints every catalog id with whether it can start here', () => {
    const r = cli('--list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^reference-cpu\s+available\s/m);
    for (const id of ['cpu', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgpu', 'webgpu', 'onnx', 'onnx-f64']) expect(r.stdout).toMatch(new RegExp(`^${id}\\s+(available|unavailable)`, 'm'));
  });

  it('checks the default vectors against the reference: exit 0, last line "N passed, 0 failed"', () => {
    const r = cli('--backend', 'reference-cpu');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toMatch(/^[1-9]\d* passed, 0 failed$/);
  });

  it('reports failing cases with where and how much, and exits 1', () => {
    const file = join(dir, 'wrong.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'ctc-vectors/1',
        cases: [
          { name: 'right', variant: 'classic', logits: [[[0, 0, 0]]], logitLength: [1], labels: [[1]], labelLength: [1], expected: { loss: [Math.log(3)] } },
          { name: 'wrong', variant: 'classic', logits: [[[0, 0, 0]]], logitLength: [1], labels: [[1]], labelLength: [1], expected: { loss: [1], gradient: [[[1 / 3, -2 / 3, 1 / 3]]] } },
        ],
      }),
    );
    const r = cli('--backend', 'reference-cpu', '--vectors', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL \[reference-cpu\] wrong\.json: wrong :: wrong: loss(?: \(loss\(\)\))? \(item 0\) got 1\.098612289, expected 1, max \|deviation\| 0\.09861228867/);
    expect(lastLine(r.stdout)).toBe('1 passed, 1 failed');
    // A wider tolerance lets it pass.
    expect(lastLine(cli('--backend', 'reference-cpu', '--vectors', file, '--atol', '0.1').stdout)).toBe('2 passed, 0 failed');
  });

  it('exits 2 with the JSON path for an invalid vector file', () => {
    const file = join(dir, 'corrupt.json');
    writeFileSync(file, JSON.stringify({ format: 'ctc-vectors/1', cases: [{ name: 'x', variant: 'classic', logits: [[[0, 'oops', 0]]], logitLength: [1], labels: [[1]], labelLength: [1], expected: { loss: [1] } }] }));
    const r = cli('--backend', 'reference-cpu', '--vectors', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: cases[0].logits[0][0][1]: expected a number or "inf", "-inf", "nan", got "oops"`);
  });

  it('exits 2 for an unreadable or non-JSON vector file', () => {
    expect(cli('--backend', 'reference-cpu', '--vectors', join(dir, 'missing.json')).code).toBe(2);
    const file = join(dir, 'truncated.json');
    writeFileSync(file, '{"format": "ctc-vectors/1", "cases": [');
    const r = cli('--backend', 'reference-cpu', '--vectors', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/truncated\.json: \$: not valid JSON/);
  });

  it('exits 2 for an unknown backend id, naming the known ones', () => {
    const r = cli('--backend', 'no-such-backend');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown backend id 'no-such-backend'; known ids: reference-cpu, cpu,/);
  });

  it('exits 2 for a bad option value', () => {
    expect(cli('--backend', 'reference-cpu', '--rtol', 'abc').code).toBe(2);
    expect(cli().code).toBe(2);
  });

  it('--json prints one machine-readable document', () => {
    const r = cli('--backend', 'reference-cpu', '--laws', '--runs', '2', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.backends).toEqual([{ id: 'reference-cpu', available: true, precision: 'float64', tolerance: { rtol: 1e-9, atol: 1e-9 } }]);
    expect(report.failed).toBe(0);
    expect(report.passed).toBe(report.results.length);
    const agreement = report.results.find((x: { case: string }) => x.case === 'agreement/classic/logits');
    expect(agreement).toMatchObject({ backend: 'reference-cpu', source: 'laws', status: 'passed', failures: [] });
    expect(report.results.map((x: { case: string }) => x.case)).toContain('input-errors');
  });
});
