import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { exampleBatch, randomBatch, type CtcBatch } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { expectClose } from './support/compare.js';

// A quick run inside headless Chromium on navigator.gpu: the BUILT package (dist/, native ESM with an
// import map, the .wgsl files fetched beside it) served from 127.0.0.1, checked against the reference.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dist = (pkg: string) => fileURLToPath(new URL(`../../${pkg}/dist/`, import.meta.url));

const PAGE = `<!doctype html><meta charset="utf-8"><title>backend-webgpu</title>
<script type="importmap">{ "imports": { "@seq2seq-losses/spec": "/spec/index.js" } }</script>
<script type="module">
import { createBackend } from '/webgpu/index.js';
// batches (and HVP directions) as plain arrays -> [{ loss, gradient, hvp }] as plain arrays, plus info
window.ctcRun = async (batches, options, directions) => {
  const backend = await createBackend();
  try {
    const out = [];
    for (let i = 0; i < batches.length; i++) {
      const b = batches[i];
      const batch = {
        logits: Float32Array.from(b.logits), labels: Int32Array.from(b.labels),
        labelLength: Int32Array.from(b.labelLength), logitLength: Int32Array.from(b.logitLength), dims: b.dims,
      };
      const r = await backend.hessianVectorProduct(batch, Float32Array.from(directions[i]), options[i]);
      out.push({ loss: Array.from(r.loss), gradient: Array.from(r.gradient), hvp: Array.from(r.hvp) });
    }
    return { info: backend.info, out };
  } finally {
    await backend.dispose();
  }
};
</script>`;

/** A static file server for two dist/ folders (no dependency needed). */
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wgsl': 'text/plain', '.map': 'application/json' };

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y --no-install-recommends chromium\` (or set CHROMIUM_PATH)`);
  }
  for (const pkg of ['spec', 'backend-webgpu']) {
    if (!existsSync(`${dist(pkg)}index.js`)) throw new Error(`packages/${pkg} is not built: run \`npm run build\` first`);
  }
  if (!existsSync(`${dist('backend-webgpu')}wgsl/forward.wgsl`)) throw new Error('dist/wgsl/ is missing: build with `npm run build` (it copies the .wgsl files)');
  const mounts: [string, string][] = [
    ['/spec/', dist('spec')],
    ['/webgpu/', dist('backend-webgpu')],
  ];
  server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    const mount = mounts.find(([prefix]) => url.startsWith(prefix));
    if (!mount) return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    const file = join(mount[1], normalize(url.slice(mount[0].length)).replace(/^(\.\.[/\\])+/, ''));
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

/** A batch as plain arrays, to cross into the page. */
const plain = (b: CtcBatch) => ({
  logits: Array.from(b.logits),
  labels: Array.from(b.labels),
  labelLength: Array.from(b.labelLength),
  logitLength: Array.from(b.logitLength),
  dims: b.dims,
});

describe('webgpu in headless Chromium', () => {
  it('loss, gradient and HVP of small batches agree with the reference', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(origin);
      const batches = [exampleBatch(), randomBatch({ seed: 7, B: 3, T: 12, C: 5, L: 4, logitLength: [6, 12], blankIndex: -1 })];
      const options = [{}, { blankIndex: -1 }];
      const directions = batches.map((b, i) => randomBatch({ seed: 20 + i, ...b.dims }).logits);
      await page.waitForFunction(() => 'ctcRun' in window, undefined, { timeout: 30_000 }).catch((e: unknown) => {
        throw new Error(`the page did not load the package: ${errors.join('; ') || String(e)}`);
      });
      type Out = { loss: number[]; gradient: number[]; hvp: number[] };
      type Run = (b: unknown, o: unknown, d: unknown) => Promise<{ info: Record<string, unknown>; out: Out[] }>;
      const got = await page.evaluate(
        ({ batches, options, directions }) => (window as unknown as { ctcRun: Run }).ctcRun(batches, options, directions),
        { batches: batches.map(plain), options, directions: directions.map((d) => Array.from(d)) },
      );
      expect(got.info.runtime).toBe('navigator.gpu');
      console.info(`chromium adapter: ${String(got.info.adapter)}`);
      batches.forEach((batch, i) => {
        const want = referenceHessianVectorProduct(batch, directions[i], options[i]);
        expectClose(got.out[i].loss, want.loss, `browser loss ${i}`);
        expectClose(got.out[i].gradient, want.gradient, `browser gradient ${i}`);
        expectClose(got.out[i].hvp, want.hvp, `browser hvp ${i}`);
      });
    } finally {
      await page.close();
    }
  });
});
