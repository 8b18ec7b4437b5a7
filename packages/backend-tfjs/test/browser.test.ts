import { fileURLToPath } from 'node:url';
import { openReadyPage, plainBatch, startBrowserHarness, SWIFTSHADER_WEBGL_FLAGS, type BrowserHarness } from '@seq2seq-losses/browser-harness';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { exampleBatch, randomBatch } from '@seq2seq-losses/spec';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectClose } from './helpers/tfjs.js';

// A quick run in headless Chromium on tfjs's webgl (ANGLE on SwiftShader; the generic tfjs-ops
// path) and webgpu (navigator.gpu on SwiftShader Vulkan; backend-webgpu's WGSL passes on tfjs's
// device, and the generic path when forced) backends: the
// BUILT packages (dist/, native ESM with an import map; tfjs from its flat ESM bundles) served
// from 127.0.0.1, loss, gradient and HVP through tf.grad checked against reference-cpu.
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const tfjsDist = (name: string) => here(`../../../node_modules/@tensorflow/${name}/dist/`);

const PAGE = `<!doctype html><meta charset="utf-8"><title>backend-tfjs</title>
<script type="importmap">{ "imports": {
  "@tensorflow/tfjs-core": "/tfjs-core/tf-core.fesm.js",
  "@tensorflow/tfjs-backend-webgl": "/tfjs-webgl/tf-backend-webgl.fesm.js",
  "@tensorflow/tfjs-backend-webgpu": "/tfjs-webgpu/tf-backend-webgpu.fesm.js",
  "@seq2seq-losses/spec": "/spec/index.js",
  "@seq2seq-losses/spec/contract": "/spec/contract.js",
  "@seq2seq-losses/backend-cpu": "/backend-cpu/index.js",
  "@seq2seq-losses/backend-cpu/internal": "/backend-cpu/internal.js",
  "@seq2seq-losses/reference-cpu": "/reference-cpu/index.js",
  "@seq2seq-losses/backend-webgpu": "/backend-webgpu/index.js"
}, "scopes": {
  "/tfjs/": { "#platform": "/tfjs/platform-browser.js" },
  "/backend-cpu/": { "#platform": "/backend-cpu/platform-browser.js" },
  "/backend-webgpu/": { "#dawn": "/backend-webgpu/dawn-none.js" }
} }</script>
<script type="module">
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { SharedDeviceCtc } from '@seq2seq-losses/backend-webgpu';
import { createBackend } from '/tfjs/index.js';
import '/tfjs/webgpu-entry.js';
// counts the WGSL path's submissions on tfjs-webgpu's device
let submits = 0;
const submit = SharedDeviceCtc.prototype.submit;
SharedDeviceCtc.prototype.submit = function (...args) { submits++; return submit.apply(this, args); };
// batches as plain arrays -> [{ loss, gradient, hvp }] as plain arrays, plus the backend's info
window.ctcRun = async (tfjsBackend, path, batches, directions) => {
  submits = 0;
  const backend = await createBackend({ tfjsBackend, path });
  const out = [];
  for (let i = 0; i < batches.length; i++) {
    const b = batches[i];
    const batch = { logits: Float32Array.from(b.logits), labels: Int32Array.from(b.labels),
      labelLength: Int32Array.from(b.labelLength), logitLength: Int32Array.from(b.logitLength), dims: b.dims };
    const r = await backend.hessianVectorProduct(batch, Float32Array.from(directions[i]), { variant: i % 2 ? 'simplified' : 'classic' });
    out.push({ loss: Array.from(r.loss), gradient: Array.from(r.gradient), hvp: Array.from(r.hvp) });
  }
  await backend.dispose();
  return { info: backend.info, backend: tf.getBackend(), out, submits };
};
</script>`;

let harness: BrowserHarness;
beforeAll(async () => {
  const routes = {
    '/': { html: PAGE },
    '/tfjs/': here('../dist/'),
    '/spec/': here('../../spec/dist/'),
    '/backend-cpu/': here('../../backend-cpu/dist/'),
    '/reference-cpu/': here('../../reference-cpu/dist/'),
    '/backend-webgpu/': here('../../backend-webgpu/dist/'),
    '/tfjs-core/': tfjsDist('tfjs-core'),
    '/tfjs-webgl/': tfjsDist('tfjs-backend-webgl'),
    '/tfjs-webgpu/': tfjsDist('tfjs-backend-webgpu'),
  };
  harness = await startBrowserHarness(routes, { launch: { args: SWIFTSHADER_WEBGL_FLAGS, purpose: 'the backend-tfjs browser test' } });
});
afterAll(() => harness?.close());

it.each([
  { tfjsBackend: 'webgl', path: undefined, expected: 'generic' },
  { tfjsBackend: 'webgpu', path: undefined, expected: 'kernel' },
  { tfjsBackend: 'webgpu', path: 'generic', expected: 'generic' },
])('tfjs $tfjsBackend in headless Chromium ($expected path): loss, gradient and HVP agree with reference-cpu', async ({ tfjsBackend, path, expected }) => {
  const { page } = await openReadyPage(harness.browser, harness.server.url, 'ctcRun');
  try {
    const batches = [exampleBatch(), randomBatch({ seed: 7, B: 3, T: 10, C: 5, L: 4, logitLength: [6, 10], dtype: 'float32' })];
    const directions = batches.map((b, i) => randomBatch({ seed: 20 + i, ...b.dims, L: 1 }).logits);
    type Run = (name: string, path: string | undefined, b: unknown, d: unknown) => Promise<{ info: Record<string, unknown>; backend: string; out: { loss: number[]; gradient: number[]; hvp: number[] }[]; submits: number }>;
    const got = await page.evaluate(({ tfjsBackend, path, batches, directions }) => (window as unknown as { ctcRun: Run }).ctcRun(tfjsBackend, path, batches, directions), {
      tfjsBackend,
      path,
      batches: batches.map(plainBatch),
      directions: directions.map((d) => Array.from(d)),
    });
    expect(got.backend).toBe(tfjsBackend);
    expect(got.info.path).toBe(expected);
    if (expected === 'kernel') expect(got.submits).toBeGreaterThanOrEqual(batches.length * 2);
    else expect(got.submits).toBe(0);
    batches.forEach((batch, i) => {
      const want = referenceHessianVectorProduct(batch, directions[i], { variant: i % 2 ? 'simplified' : 'classic' });
      expectClose(got.out[i].loss, want.loss, `${tfjsBackend} loss ${i}`);
      expectClose(got.out[i].gradient, want.gradient, `${tfjsBackend} gradient ${i}`);
      expectClose(got.out[i].hvp, want.hvp, `${tfjsBackend} HVP ${i}`);
    });
  } finally {
    await page.close();
  }
});
