import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Static imports (`import ... from '...'` / `export ... from '...'`) of one built module. */
function staticImports(url: URL): string[] {
  const text = readFileSync(url, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** The package's `#platform` target for one condition, as package.json maps it. */
function platformTarget(condition: 'node' | 'browser' | 'default'): URL {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return new URL(`.${pkg.imports['#platform'][condition].slice(1)}`, new URL('../', import.meta.url));
}

/** Every module reachable from dist/index.js by static imports, `#platform` resolved for `condition`. */
function reachable(condition: 'node' | 'browser') {
  const seen = new Set<string>();
  const external: string[] = [];
  const visit = (url: URL) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    for (const spec of staticImports(url)) {
      if (spec === '#platform') visit(platformTarget(condition));
      else if (spec.startsWith('.')) visit(new URL(spec, url));
      else external.push(`${url.pathname.split('/').pop()} -> ${spec}`);
    }
  };
  visit(new URL('../dist/index.js', import.meta.url));
  return { seen, external };
}

describe('browser safety', () => {
  it("under the 'browser' condition nothing reachable from dist/index.js imports a Node module", () => {
    const { seen, external } = reachable('browser');
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].some((u) => u.endsWith('/platform-browser.js'))).toBe(true);
    // spec and reference-cpu (the exact path for huge samples) are pure modules with no Node imports
    const pure = ['@seq2seq-losses/spec', '@seq2seq-losses/spec/contract', '@seq2seq-losses/reference-cpu'];
    expect(external.filter((e) => !pure.some((p) => e.endsWith(`-> ${p}`)))).toEqual([]);
    expect(platformTarget('default').href).toBe(platformTarget('browser').href);
  });

  it("under the 'node' condition the Node modules come from platform-node.js only", () => {
    const { external } = reachable('node');
    expect(external.filter((e) => e.includes('node:'))).toEqual(['platform-node.js -> node:os', 'platform-node.js -> node:worker_threads']);
  });

  it('the worker entries are self-contained (only Node\'s worker_threads imported) for bundlers that copy them as is', () => {
    expect(staticImports(new URL('../dist/worker-browser.js', import.meta.url))).toEqual([]);
    expect(readFileSync(new URL('../dist/worker-browser.js', import.meta.url), 'utf8')).toMatch(/onmessage/);
    expect(staticImports(new URL('../dist/worker.js', import.meta.url))).toEqual(['node:worker_threads']);
  });
});
