import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import sirv from 'sirv';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { exampleBatch, randomBatch, type CtcBatch } from '@seq2seq-losses/spec';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectClose } from './helpers/tfjs.js';

// A quick run in headless Chromium on tfjs's webgl backend (the generic tfjs-ops path): the BUILT
// packages (dist/, native ESM with an import map; tfjs from its flat ESM bundles) served from
// 127.0.0.1, loss, gradient and HVP through tf.grad checked against reference-cpu.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const MOUNTS: Record<string, string> = {
  '/tfjs/': here('../dist/'),
  '/spec/': here('../../spec/dist/'),
  '/backend-cpu/': here('../../backend-cpu/dist/'),
  '/tfjs-core/': here('../../../node_modules/@tensorflow/tfjs-core/dist/'),
  '/tfjs-webgl/': here('../../../node_modules/@tensorflow/tfjs-backend-webgl/dist/'),
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>backend-tfjs</title>
<script type="importmap">{ "imports": {
  "@tensorflow/tfjs-core": "/tfjs-core/tf-core.fesm.js",
  "@tensorflow/tfjs-backend-webgl": "/tfjs-webgl/tf-backend-webgl.fesm.js",
  "@seq2seq-losses/spec": "/spec/index.js",
  "@seq2seq-losses/backend-cpu": "/backend-cpu/index.js"
} }</script>
<script type="module">
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { createBackend } from '/tfjs/index.js';
// batches as plain arrays -> [{ loss, gradient, hvp }] as plain arrays, plus the backend's info
window.ctcRun = async (batches, directions) => {
  const backend = await createBackend({ tfjsBackend: 'webgl' });
  const out = [];
  for (let i = 0; i < batches.length; i++) {
    const b = batches[i];
    const batch = { logits: Float32Array.from(b.logits), labels: Int32Array.from(b.labels),
      labelLength: Int32Array.from(b.labelLength), logitLength: Int32Array.from(b.logitLength), dims: b.dims };
    const r = await backend.hessianVectorProduct(batch, Float32Array.from(directions[i]), { variant: i % 2 ? 'simplified' : 'classic' });
    out.push({ loss: Array.from(r.loss), gradient: Array.from(r.gradient), hvp: Array.from(r.hvp) });
  }
  await backend.dispose();
  return { info: backend.info, backend: tf.getBackend(), out };
};
</script>`;

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y --no-install-recommends chromium\` (or set CHROMIUM_PATH)`);
  }
  for (const [prefix, dir] of Object.entries(MOUNTS)) {
    if (!existsSync(dir)) throw new Error(`${dir} (served at ${prefix}) is missing: run \`npm run build\` in the workspace first`);
  }
  const handlers = Object.entries(MOUNTS).map(([prefix, dir]) => [prefix, sirv(dir, { dev: true })] as const);
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    const mount = handlers.find(([prefix]) => url.startsWith(prefix));
    if (!mount) return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    req.url = url.slice(mount[0].length - 1);
    mount[1](req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

const plain = (b: CtcBatch) => ({ logits: Array.from(b.logits), labels: Array.from(b.labels), labelLength: Array.from(b.labelLength), logitLength: Array.from(b.logitLength), dims: b.dims });

it('tfjs webgl in headless Chromium: loss, gradient and HVP agree with reference-cpu', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(origin);
    await page.waitForFunction(() => 'ctcRun' in window, undefined, { timeout: 30_000 }).catch((e: unknown) => {
      throw new Error(`the page did not load the package: ${errors.join('; ') || String(e)}`);
    });
    const batches = [exampleBatch(), randomBatch({ seed: 7, B: 3, T: 10, C: 5, L: 4, logitLength: [6, 10], dtype: 'float32' })];
    const directions = batches.map((b, i) => randomBatch({ seed: 20 + i, ...b.dims, L: 1 }).logits);
    type Run = (b: unknown, d: unknown) => Promise<{ info: Record<string, unknown>; backend: string; out: { loss: number[]; gradient: number[]; hvp: number[] }[] }>;
    const got = await page.evaluate(({ batches, directions }) => (window as unknown as { ctcRun: Run }).ctcRun(batches, directions), {
      batches: batches.map(plain),
      directions: directions.map((d) => Array.from(d)),
    });
    expect(got.backend).toBe('webgl');
    expect(got.info.path).toBe('generic');
    batches.forEach((batch, i) => {
      const want = referenceHessianVectorProduct(batch, directions[i], { variant: i % 2 ? 'simplified' : 'classic' });
      expectClose(got.out[i].loss, want.loss, `webgl loss ${i}`);
      expectClose(got.out[i].gradient, want.gradient, `webgl gradient ${i}`);
      expectClose(got.out[i].hvp, want.hvp, `webgl HVP ${i}`);
    });
  } finally {
    await page.close();
  }
});
