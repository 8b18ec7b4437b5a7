import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { randomBatch } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { expectClose } from './support/compare.js';

// The BUILT package in headless Chromium: on a cross-origin-isolated page (COOP + COEP headers)
// the samples are spread over module Web Workers sharing memory; on a plain page it runs inline.
// The tiny server below rewrites the bare '@seq2seq-losses/spec' import to a URL, as a bundler
// would (import maps do not reach module workers).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dist = (pkg: string) => fileURLToPath(new URL(`../../${pkg}/dist/`, import.meta.url));

const PAGE = `<!doctype html><meta charset="utf-8"><title>backend-cpu</title>
<script type="module">
import { createBackend } from '/cpu/index.js';
window.ctcRun = async (b, direction, options) => {
  const backend = await createBackend({ precision: 'float64', threads: 2, inlineBelow: 0 });
  try {
    const batch = {
      logits: Float64Array.from(b.logits), labels: Int32Array.from(b.labels),
      labelLength: Int32Array.from(b.labelLength), logitLength: Int32Array.from(b.logitLength), dims: b.dims,
    };
    const r = await backend.hessianVectorProduct(batch, Float64Array.from(direction), options);
    return { info: backend.info, isolated: self.crossOriginIsolated, loss: Array.from(r.loss), gradient: Array.from(r.gradient), hvp: Array.from(r.hvp) };
  } finally {
    await backend.dispose();
  }
};
window.ctcReady = true;
</script>`;

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y --no-install-recommends chromium\` (or set CHROMIUM_PATH)`);
  }
  for (const pkg of ['spec', 'backend-cpu']) {
    if (!existsSync(`${dist(pkg)}index.js`)) throw new Error(`packages/${pkg} is not built: run \`npm run build\` first`);
  }
  const mounts: [string, string][] = [
    ['/spec/', dist('spec')],
    ['/cpu/', dist('backend-cpu')],
  ];
  server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    const isolate: Record<string, string> = url.startsWith('/plain')
      ? {}
      : { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    const mount = mounts.find(([prefix]) => url.startsWith(prefix));
    if (!mount) return void res.writeHead(200, { 'content-type': 'text/html', ...isolate }).end(PAGE);
    const file = join(mount[1], normalize(url.slice(mount[0].length)).replace(/^(\.\.[/\\])+/, ''));
    readFile(file, 'utf8').then(
      (text) => {
        const body = extname(file) === '.js' ? text.replaceAll("from '@seq2seq-losses/spec'", "from '/spec/index.js'") : text;
        res.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'application/json', ...isolate }).end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
});

describe('in headless Chromium', () => {
  const batch = randomBatch({ seed: 51, B: 6, T: 12, C: 5, L: 4, logitLength: [0, 12], scale: 3 });
  const direction = randomBatch({ seed: 52, B: 6, T: 12, C: 5, L: 0 }).logits;
  const plain = {
    logits: Array.from(batch.logits),
    labels: Array.from(batch.labels),
    labelLength: Array.from(batch.labelLength),
    logitLength: Array.from(batch.logitLength),
    dims: batch.dims,
  };

  for (const [path, parallelism] of [
    ['/', 'web-workers'],
    ['/plain', 'inline (page not cross-origin isolated)'],
  ] as const) {
    it(`page ${path}: ${parallelism}, results equal to the reference`, async () => {
      const page = await browser.newPage();
      try {
        await page.goto(origin + path);
        await page.waitForFunction(() => (window as unknown as { ctcReady?: boolean }).ctcReady === true);
        const r = await page.evaluate(
          ([b, v]) => (window as unknown as { ctcRun: (b: unknown, v: number[], o: object) => Promise<Record<string, unknown>> }).ctcRun(b, v, { variant: 'classic' }),
          [plain, Array.from(direction)] as const,
        );
        expect(r.isolated).toBe(path === '/');
        expect((r.info as Record<string, unknown>).parallelism).toBe(parallelism);
        const ref = referenceHessianVectorProduct(batch, direction, { variant: 'classic' });
        const tol = { rtol: 1e-9, atol: 1e-9 };
        expectClose(r.loss as number[], ref.loss, tol, 'loss');
        expectClose(r.gradient as number[], ref.gradient, tol, 'gradient');
        expectClose(r.hvp as number[], ref.hvp, tol, 'hvp');
      } finally {
        await page.close();
      }
    });
  }
});
