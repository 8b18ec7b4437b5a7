import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathsNotRefused, rawGet } from '@seq2seq-losses/browser-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../web/server.mjs';

// A served folder with a page, and a secret beside it that must never be reachable.
const root = mkdtempSync(join(tmpdir(), 'ctc-bench-serve-'));
const served = join(root, 'dist');
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  mkdirSync(join(served, 'assets'), { recursive: true });
  writeFileSync(join(served, 'index.html'), '<p>bench</p>');
  writeFileSync(join(served, 'assets', 'main.js'), 'export {};');
  writeFileSync(join(root, 'package.json'), '{"secret": true}');
  writeFileSync(join(root, 'dist-secret.txt'), 'secret');
  server = await startServer({ dir: served });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

/** GET with the path sent exactly as written (no client-side normalisation of '..'). */
const get = (path: string, host?: string) => rawGet(new URL(server.url).port, path, host);

describe('bench:web static server (sirv)', () => {
  it('serves the page and its assets with cross-origin isolation headers', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toBe('<p>bench</p>');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect((await get('/assets/main.js')).status).toBe(200);
  });

  it('answers 404 to traversal paths and missing files', async () => {
    const paths = ['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/../dist-secret.txt', '//etc/passwd', '/missing.js'];
    expect(await pathsNotRefused(new URL(server.url).port, paths, 'secret')).toEqual([]);
  });

  it('listens on 127.0.0.1 only: other interfaces refuse the connection', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    for (const host of others) await expect(get('/', host)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // IPv6 loopback is another address, and is not bound either
    await expect(get('/', '::1')).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|EADDRNOTAVAIL/) });
  });
});
