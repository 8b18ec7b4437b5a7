import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSS_ORIGIN_ISOLATION, openReadyPage, startBrowserHarness, type BrowserHarness } from '@seq2seq-losses/browser-harness';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
// @ts-expect-error: the fixture is plain JS (what a user writes)
import { ctcBatch, direction } from './fixture/batch.js';
import { bundleNodeWithEsbuild, bundleWithEsbuild, bundleWithVite, bundleWithWebpack, startViteDevServer } from './support/bundlers.js';
import { bin, installProject, packAll, REPO, runNodeJson, tempDir } from './support/project.js';

// The packages as a user gets them: `npm pack`ed, installed from the tarballs (and the registry,
// nothing from the workspace) into fresh projects outside the repository, then used from Node,
// a strict TypeScript file, and pages bundled by esbuild, Vite (build and dev server) and webpack 5
// in headless Chromium, with and without cross-origin isolation. tfjs-core, -backend-cpu and
// -backend-wasm at both ends of the claimed range (backend-tfjs's peerDependencies: ^4.0.0).
const TFJS_LOWEST = '4.0.0';
const TFJS_HIGHEST = '4.22.0';

const work = tempDir('consumer');
const projects = {
  highest: join(work, 'highest'), // tfjs-core + tfjs-backend-cpu only
  lowest: join(work, 'lowest'),
  wasmHighest: join(work, 'wasm-highest'), // + tfjs-backend-wasm
  wasmLowest: join(work, 'wasm-lowest'),
  viteExample: join(work, 'vite-browser'),
};
const ref = referenceHessianVectorProduct(ctcBatch(), Float64Array.from(direction as number[]));
const F64 = { rtol: 1e-9, atol: 1e-9 };
const F32 = { rtol: 1e-4, atol: 1e-4 };

function expectClose(got: readonly number[], want: ArrayLike<number>, tol: { rtol: number; atol: number }, what: string) {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const ok = Math.abs(got[i] - want[i]) <= tol.atol + tol.rtol * Math.abs(want[i]);
    if (!ok) expect.fail(`${what}[${i}] = ${got[i]}, reference ${want[i]}`);
  }
}

interface SecondOrder {
  version: string;
  loss: number[];
  gradient: number[];
  hvp: number[];
}

/** backend-tfjs's float32 loss, gradient and tf.grad-of-tf.grad HVP against reference-cpu. */
function expectTfjsAgrees(tfjs: SecondOrder, version: string) {
  expect(tfjs.version).toBe(version);
  expectClose(tfjs.loss, ref.loss, F32, `tfjs ${version} loss`);
  expectClose(tfjs.gradient, ref.gradient, F32, `tfjs ${version} gradient`);
  expectClose(tfjs.hvp, ref.hvp, F32, `tfjs ${version} hvp`);
}

let tarballs: ReturnType<typeof packAll>;
beforeAll(() => {
  tarballs = packAll(join(work, 'tarballs'));
  const ours = [tarballs.spec, tarballs['reference-cpu'], tarballs['backend-cpu'], tarballs['backend-tfjs']];
  const tfjs = (v: string) => [`@tensorflow/tfjs-core@${v}`, `@tensorflow/tfjs-backend-cpu@${v}`];
  for (const [dir, version] of [[projects.highest, TFJS_HIGHEST], [projects.lowest, TFJS_LOWEST]] as const) {
    installProject(dir, [...ours, ...tfjs(version)]);
  }
  for (const [dir, version] of [[projects.wasmHighest, TFJS_HIGHEST], [projects.wasmLowest, TFJS_LOWEST]] as const) {
    installProject(dir, [...ours, ...tfjs(version), `@tensorflow/tfjs-backend-wasm@${version}`]);
  }
  // the repository's examples/vite-browser, its own package.json, our packages from the tarballs
  installProject(projects.viteExample, [...ours, ...tfjs(TFJS_HIGHEST)], join(REPO, 'examples/vite-browser'));
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tarballs', () => {
  const list = (tgz: string) => execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' }).trim().split('\n');

  it('every one ships LICENSE equal to the root one, README, no declaration maps, no .ts sources', () => {
    const root = readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8');
    expect(root).toMatch(/Apache License\s+Version 2\.0/);
    expect(root).toContain('Copyright 2026 The seq2seq-losses authors');
    for (const [pkg, tgz] of Object.entries(tarballs)) {
      const files = list(tgz);
      expect(files, pkg).toContain('package/LICENSE');
      expect(files, pkg).toContain('package/README.md');
      expect(files.filter((f) => f.endsWith('.d.ts.map')), pkg).toEqual([]);
      expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), pkg).toEqual([]);
      expect(execFileSync('tar', ['xzf', tgz, '-O', 'package/LICENSE'], { encoding: 'utf8' }), pkg).toBe(root);
    }
  });

  it('every package.json has what a registry page needs', () => {
    for (const [pkg, tgz] of Object.entries(tarballs)) {
      const meta = JSON.parse(execFileSync('tar', ['xzf', tgz, '-O', 'package/package.json'], { encoding: 'utf8' }));
      expect(meta.license, pkg).toBe('Apache-2.0');
      expect(meta.repository, pkg).toEqual({ type: 'git', url: 'git+https://github.com/seq2seq-losses/seq2seq-losses.git', directory: `packages/${pkg}` });
      expect(meta.homepage, pkg).toBe(`https://github.com/seq2seq-losses/seq2seq-losses/tree/main/packages/${pkg}#readme`);
      expect(meta.bugs, pkg).toEqual({ url: 'https://github.com/seq2seq-losses/seq2seq-losses/issues' });
      expect(meta.keywords.length, pkg).toBeGreaterThanOrEqual(4);
      expect(meta.engines, pkg).toEqual({ node: '>=20' });
      expect(meta.type, pkg).toBe('module');
      expect(meta.sideEffects === false || Array.isArray(meta.sideEffects), pkg).toBe(true);
      expect(meta.publishConfig, pkg).toEqual({ access: 'public' });
      const readme = execFileSync('tar', ['xzf', tgz, '-O', 'package/README.md'], { encoding: 'utf8' });
      expect(readme, pkg).toMatch(/ESM only/);
      // links resolve on the registry page too: absolute (tools/absolute-readme-links.py), or anchors
      expect(readme.match(/\]\((?![a-z]+:|#)[^)]*\)/g) ?? [], pkg).toEqual([]);
    }
  });

  it('backend-tfjs: tfjs and backend-webgpu are peers (backend-webgpu optional), never dependencies', () => {
    const meta = JSON.parse(execFileSync('tar', ['xzf', tarballs['backend-tfjs'], '-O', 'package/package.json'], { encoding: 'utf8' }));
    expect(Object.keys(meta.dependencies).sort()).toEqual(['@seq2seq-losses/backend-cpu', '@seq2seq-losses/reference-cpu', '@seq2seq-losses/spec']);
    expect(meta.peerDependencies['@tensorflow/tfjs-core']).toBe(`^${TFJS_LOWEST}`);
    expect(meta.peerDependencies['@tensorflow/tfjs-backend-cpu']).toBe(`^${TFJS_LOWEST}`);
    expect(meta.peerDependenciesMeta['@seq2seq-losses/backend-webgpu']).toEqual({ optional: true });
    expect(meta.peerDependencies['@seq2seq-losses/backend-webgpu']).toBe('0.1.0');
  });

  it('the installed source maps embed their sources', () => {
    const dist = join(projects.highest, 'node_modules/@seq2seq-losses/backend-cpu/dist');
    const maps = readdirSync(dist).filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const m of maps) {
      const map = JSON.parse(readFileSync(join(dist, m), 'utf8')) as { sources: string[]; sourcesContent?: unknown[] };
      expect(map.sourcesContent?.length, m).toBe(map.sources.length);
      expect(map.sourcesContent?.every((s) => typeof s === 'string' && s.length > 0), m).toBe(true);
    }
  });
});

describe('Node', () => {
  for (const [name, version] of [['highest', TFJS_HIGHEST], ['lowest', TFJS_LOWEST]] as const) {
    it(`backend-cpu (worker threads) and backend-tfjs on tfjs-core + tfjs-backend-cpu ${version} agree with reference-cpu`, () => {
      // one tfjs-core, the project's own: no nested copy under our packages (no ERESOLVE either, or install failed)
      const nested = readdirSync(join(projects[name], 'node_modules/@seq2seq-losses')).filter((p) => existsSync(join(projects[name], 'node_modules/@seq2seq-losses', p, 'node_modules/@tensorflow')));
      expect(nested).toEqual([]);
      const out = runNodeJson(projects[name], 'node-check.mjs') as Record<string, any>;
      expect(out.cpu.info.parallelism).toBe('worker_threads');
      expectClose(out.cpu.loss, ref.loss, F64, 'cpu loss');
      expectClose(out.cpu.gradient, ref.gradient, F64, 'cpu gradient');
      expectClose(out.cpu.hvp, ref.hvp, F64, 'cpu hvp');
      expect(out.inputError).toEqual({ isCtcInputError: true, code: 'LENGTH_OUT_OF_RANGE', known: true });
      expectTfjsAgrees(out.tfjs, version);
      // backend-webgpu is an optional peer, not installed here
      expect(out.tfjsWebGpuMissing.name).toBe('CtcBackendUnavailableError');
      expect(out.tfjsWebGpuMissing.message).toMatch(/npm install @seq2seq-losses\/backend-webgpu/);
    });
  }

  for (const [name, version] of [['wasmHighest', TFJS_HIGHEST], ['wasmLowest', TFJS_LOWEST]] as const) {
    it(`backend-tfjs's CtcBackend on tfjs-backend-wasm ${version} agrees with reference-cpu`, () => {
      const out = runNodeJson(projects[name], 'node-check-wasm.mjs') as Record<string, any>;
      expect(out.info).toMatchObject({ tfjsBackend: 'wasm', path: 'kernel', tfjsVersion: version });
      expectClose(out.loss, ref.loss, F32, `tfjs-wasm ${version} loss`);
      expectClose(out.gradient, ref.gradient, F32, `tfjs-wasm ${version} gradient`);
      expectClose(out.hvp, ref.hvp, F32, `tfjs-wasm ${version} hvp`);
    });
  }

  it('an esbuild bundle for platform node runs the same check', async () => {
    const bundle = await bundleNodeWithEsbuild(projects.highest);
    const out = runNodeJson(projects.highest, bundle) as Record<string, any>;
    expectClose(out.cpu.hvp, ref.hvp, F64, 'cpu hvp');
    expectTfjsAgrees(out.tfjs, TFJS_HIGHEST);
  });

  for (const [what, config] of [
    ['backend-cpu and reference-cpu, skipLibCheck off', 'tsconfig.json'],
    ['backend-tfjs (skipLibCheck on: tfjs-core\'s own declarations do not check)', 'tsconfig.tfjs.json'],
  ]) {
    it(`a strict TypeScript consumer of ${what} type-checks against the installed declarations`, () => {
      try {
        execFileSync(bin('tsc'), ['-p', config], { cwd: projects.highest, encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        expect.fail(`tsc -p ${config} failed:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
      }
    });
  }
});

describe('browsers (headless Chromium)', () => {
  let harness: BrowserHarness;
  const outputs: Record<string, string> = {};
  beforeAll(async () => {
    outputs.esbuild = await bundleWithEsbuild(projects.highest);
    outputs.vite = await bundleWithVite(projects.highest);
    outputs.webpack = await bundleWithWebpack(projects.highest);
    const routes: Record<string, string> = {
      '/no-worker/': withoutWorker(outputs.esbuild),
      '/vite-example/': await bundleWithVite(projects.viteExample, { ownConfig: true }),
    };
    for (const [tool, dir] of Object.entries(outputs)) {
      routes[`/${tool}/`] = dir;
      routes[`/plain/${tool}/`] = dir;
    }
    harness = await startBrowserHarness(routes, {
      serve: { headers: (path): Record<string, string> => (path.startsWith('/plain/') ? {} : { ...CROSS_ORIGIN_ISOLATION }) },
      launch: { purpose: 'the consumer test' },
    });
  }, 300_000);
  afterAll(() => harness?.close());

  /** A copy of an esbuild output folder without the worker file (a user who forgot to copy it). */
function withoutWorker(dir: string): string {
  const copy = `${dir}-no-worker`;
  cpSync(dir, copy, { recursive: true });
  rmSync(join(copy, 'worker-browser.js'));
  return copy;
}

/** Runs the page at `url` and checks its numbers and parallelism. */
  async function checkPage(url: string, isolated: boolean) {
    const { page, errors } = await openReadyPage(harness.browser, url, 'ctcRun');
    try {
      const r = (await page.evaluate(() => (window as unknown as { ctcRun: () => Promise<unknown> }).ctcRun())) as Record<string, any>;
      expect(r.isolated).toBe(isolated);
      expect(r.info.parallelism).toBe(isolated ? 'web-workers' : 'inline (page not cross-origin isolated)');
      expectClose(r.loss, ref.loss, F64, 'cpu loss');
      expectClose(r.gradient, ref.gradient, F64, 'cpu gradient');
      expectClose(r.hvp, ref.hvp, F64, 'cpu hvp');
      expectTfjsAgrees(r.tfjs, TFJS_HIGHEST);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }

  for (const tool of ['esbuild', 'vite', 'webpack']) {
    it(`${tool} bundle, cross-origin isolated: Web Workers; numbers equal to the reference`, () => checkPage(`${harness.server.origin}/${tool}/`, true));
    it(`${tool} bundle, not isolated: inline, and says so`, () => checkPage(`${harness.server.origin}/plain/${tool}/`, false));
  }

  it('a worker that cannot load says why: its URL, the HTTP status, whether the page is isolated', async () => {
    const { page } = await openReadyPage(harness.browser, `${harness.server.origin}/no-worker/`, 'ctcRun');
    try {
      const message = await page.evaluate(() =>
        (window as unknown as { ctcRun: () => Promise<unknown> }).ctcRun().then(
          () => 'no error',
          (e: Error) => e.message,
        ),
      );
      expect(message).toContain(`worker URL ${harness.server.origin}/no-worker/worker-browser.js (HTTP 404`);
      expect(message).toContain('page is cross-origin isolated');
      expect(message).toMatch(/^backend-cpu: web worker failed/);
    } finally {
      await page.close();
    }
  });

  it("examples/vite-browser, built by Vite with its own config: the page's losses", async () => {
    const { page } = await openReadyPage(harness.browser, `${harness.server.origin}/vite-example/`, 'exampleResult');
    try {
      const r = (await page.evaluate(() => (window as unknown as { exampleResult: unknown }).exampleResult)) as Record<string, any>;
      expect(r.error).toBeUndefined();
      expect(r.parallelism).toBe('web-workers');
      expectClose(r.loss, [5 * Math.log(3), 4 * Math.log(3) - Math.log(7)], F32, 'example loss');
      expectClose(r.trace[0], r.loss, F32, 'first step');
      const last = r.trace[r.trace.length - 1] as number[];
      expect(last[0]).toBeLessThan(0.5 * r.loss[0]);
      expect(last[1]).toBeLessThan(0.5 * r.loss[1]);
      expect(await page.textContent('#out')).toContain('loss = [5.49306, 2.44854]');
    } finally {
      await page.close();
    }
  });

  it('Vite dev server, isolated and not', async () => {
    const { server, origin } = await startViteDevServer(projects.highest);
    try {
      await checkPage(`${origin}/`, true);
      await checkPage(`${origin}/plain`, false);
    } finally {
      await server.close();
    }
  });
});
