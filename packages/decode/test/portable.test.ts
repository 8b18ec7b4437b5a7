import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('the package runs in browsers', () => {
  it('imports nothing but its own files and @seq2seq-losses/spec (no node: or other Node-only modules)', () => {
    const imports = sourceFiles(SRC).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]));
    expect(imports.length).toBeGreaterThan(20);
    expect(imports.filter((m) => !m.startsWith('.') && m !== '@seq2seq-losses/spec')).toEqual([]);
  });
});
