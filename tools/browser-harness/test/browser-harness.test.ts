import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSS_ORIGIN_ISOLATION, launchHeadlessChromium, openReadyPage, pathsNotRefused, plainBatch, rawGet, serveStatic, startBrowserHarness, type StaticServer } from '../src/index.js';
import { exampleBatch } from '@seq2seq-losses/spec';

// Two served folders (one with its .js rewritten) and a secret beside them that must stay unreachable.
const root = mkdtempSync(join(tmpdir(), 'ctc-serve-static-'));
const PAGE = `<!doctype html><script type="module">import { answer } from '/lib/a.js'; globalThis.ready = answer;</script>`;
let server: StaticServer;
const routes = () => ({ '/page': { html: PAGE }, '/lib/': { dir: join(root, 'lib'), rewrite: (s: string) => s.replace("'bare'", "'/lib/b.js'") } });
const isolatePage = (path: string) => (path === '/page' ? CROSS_ORIGIN_ISOLATION : {});

beforeAll(async () => {
  for (const dir of ['www/sub', 'lib']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'www/sub/x.txt'), 'x');
  writeFileSync(join(root, 'lib/a.js'), "export { answer } from 'bare';");
  writeFileSync(join(root, 'lib/b.js'), 'export const answer = 42;');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  server = await serveStatic(join(root, 'www'), routes(), { headers: isolatePage });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (path: string) => rawGet(new URL(server.url).port, path);

describe('serveStatic', () => {
  it('serves the root folder, pages and rewritten modules, with per-path headers', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get('/sub/x.txt')).toMatchObject({ status: 200, body: 'x' });
    const page = await get('/page?q=1');
    expect(page).toMatchObject({ status: 200, body: PAGE });
    expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
    const a = await get('/lib/a.js');
    expect(a).toMatchObject({ status: 200, body: "export { answer } from '/lib/b.js';" });
    expect(a.headers['content-type']).toBe('text/javascript');
    expect(a.headers['cross-origin-embedder-policy']).toBeUndefined();
  });

  it('answers 404 to traversal paths, bad escapes, a folder and a missing file', async () => {
    const paths = ['/../secret.txt', '/sub/../../secret.txt', '/%2e%2e/secret.txt', '/lib/../secret.txt', '/lib/%2e%2e/secret.txt', '/lib/..%2fsecret.txt', '/lib/', '/lib/%zz', '/missing'];
    expect(await pathsNotRefused(new URL(server.url).port, paths, 'secret')).toEqual([]);
  });

  it('pathsNotRefused names the paths a server does answer', async () => {
    expect(await pathsNotRefused(new URL(server.url).port, ['/sub/x.txt', '/missing', '/lib/b.js'], 'secret')).toEqual(['/sub/x.txt', '/lib/b.js']);
  });

  it('refuses a missing folder with the build hint, and a folder route without a trailing slash', async () => {
    await expect(serveStatic(join(root, 'nope'))).rejects.toThrow(/nope \(served at \/\) is missing: run `npm run build`/);
    await expect(serveStatic(null, { '/lib': join(root, 'lib') })).rejects.toThrow(/must look like \/name\//);
  });
});

describe('launchHeadlessChromium', () => {
  it('fails with the install command when Chromium is missing (also through the harness)', async () => {
    const launch = { executablePath: '/nonexistent/chromium', purpose: 'this check' };
    const message = 'Chromium not found at /nonexistent/chromium: this check needs Debian\'s chromium (`apt-get install -y --no-install-recommends chromium`)';
    await expect(launchHeadlessChromium(launch)).rejects.toThrow(message);
    await expect(startBrowserHarness({ '/': { html: '<p>x</p>' } }, { launch })).rejects.toThrow(message);
  });

  it('opens a served page that imports a rewritten module; a page that never gets ready reports its errors', async () => {
    const { browser, server, close } = await startBrowserHarness(routes(), { serve: { headers: isolatePage }, launch: { purpose: 'the conformance browser helper test' } });
    try {
      const { page, errors } = await openReadyPage(browser, `${server.origin}/page`, 'ready');
      expect(await page.evaluate(() => (globalThis as unknown as { ready: number }).ready)).toBe(42);
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
      await expect(openReadyPage(browser, `${server.origin}/page`, 'never', 1_000)).rejects.toThrow(/did not define never/);
    } finally {
      await close();
    }
  });
});

it('plainBatch turns typed arrays into plain arrays', () => {
  const b = exampleBatch();
  const p = plainBatch(b);
  expect(p.logits).toEqual(Array.from(b.logits));
  expect(Array.isArray(p.labels) && Array.isArray(p.labelLength) && Array.isArray(p.logitLength)).toBe(true);
  expect(p.dims).toEqual(b.dims);
});
