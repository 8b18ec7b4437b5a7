import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Static imports (`import ... from '...'` / `export ... from '...'`) of one built module. */
function staticImports(url: URL): string[] {
  const text = readFileSync(url, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

describe('browser safety', () => {
  it('nothing reachable from dist/index.js imports a Node module statically (only worker.js does)', () => {
    const seen = new Set<string>();
    const nodeImports: string[] = [];
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      for (const spec of staticImports(url)) {
        if (spec.startsWith('node:')) nodeImports.push(`${url.pathname.split('/').pop()} -> ${spec}`);
        else if (spec.startsWith('.')) visit(new URL(spec, url));
      }
    };
    visit(new URL('../dist/index.js', import.meta.url));
    expect(seen.size).toBeGreaterThan(10);
    expect(nodeImports).toEqual([]);
    expect(staticImports(new URL('../dist/worker.js', import.meta.url))).toContain('node:worker_threads');
  });
});
