import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `ctc-conformance --module`: backends written elsewhere, checked by the same suite. The example
// backend in examples/minimal-backend declares loss and gradient only (classic, logits).
const root = join(import.meta.dirname, '..');
const main = join(root, 'dist', 'cli', 'main.js');
const example = join(root, '..', '..', 'examples', 'minimal-backend', 'index.mjs');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctc-module-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ctc-conformance --module', () => {
  it('passes the minimal example backend on vectors and laws, skipping exactly what it does not declare', () => {
    const vectors = cli('--module', example);
    expect(vectors.code).toBe(0);
    expect(lastLine(vectors.stdout)).toMatch(/^[1-9]\d* passed, 0 failed$/);
    const laws = cli('--module', example, '--laws', '--json');
    expect(laws.code).toBe(0);
    const report = JSON.parse(laws.stdout);
    const status = Object.fromEntries(report.results.map((r: { case: string; status: string }) => [r.case, r.status]));
    expect(status['declared-capabilities']).toBe('passed');
    expect(status['agreement/classic/logits']).toBe('passed');
    expect(status['input-errors']).toBe('passed');
    expect(status['agreement/simplified/logits']).toBe('skipped');
    expect(status['agreement/hvp']).toBe('skipped');
    expect(status['agreement/hessian']).toBe('skipped');
  });

  it('finds a wrong gradient in a module (exit 1, located)', () => {
    const file = join(dir, 'off-by-one.mjs');
    writeFileSync(
      file,
      `import { createBackend as base } from ${JSON.stringify(example)};
       export async function createBackend() {
         const b = await base();
         return { ...b, name: 'off', async lossAndGradient(batch, o) { const r = await b.lossAndGradient(batch, o); r.gradient[0] += 1e-3; return r; } };
       }`,
    );
    const r = cli('--module', file, '--laws', '--runs', '3');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL \[.*off-by-one\.mjs\] laws: agreement\/classic\/logits :: .*gradient/);
  });

  it('fails a backend that declares a method it lacks', () => {
    const file = join(dir, 'overclaims.mjs');
    writeFileSync(
      file,
      `import { createBackend as base } from ${JSON.stringify(example)};
       export async function createBackend() { const b = await base(); return { ...b, capabilities: { ...b.capabilities, hessianVectorProduct: true } }; }`,
    );
    const r = cli('--module', file, '--laws', '--runs', '1');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('laws: declared-capabilities :: capabilities: hessianVectorProduct');
  });

  it('says what is wrong with a module that cannot be used', () => {
    const file = join(dir, 'empty.mjs');
    writeFileSync(file, 'export const nothing = 1;\n');
    const r = cli('--module', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('does not export createBackend(options?)');
    const missing = cli('--module', join(dir, 'missing.mjs'));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('cannot import the module');
    expect(cli('--module', example, '--module-options', '{bad').code).toBe(2);
  });
});
