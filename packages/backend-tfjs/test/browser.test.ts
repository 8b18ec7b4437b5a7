import { fileURLToPath } from 'node:url';
import { openReadyPage, plainBatch, startBrowserHarness, SWIFTSHADER_WEBGL_FLAGS, type BrowserHarness } from '@seq2seq-losses/conformance/browser';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { exampleBatch, randomBatch } from '@seq2seq-losses/spec';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectClose } from './helpers/tfjs.js';

// A quick run in headless Chromium on tfjs's webgl (ANGLE on SwiftShader) and webgpu
// (navigator.gpu on SwiftShader Vulkan) backends, both through the generic tfjs-ops path: the
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
  "@seq2seq-losses/backend-cpu": "/backend-cpu/index.js"
} }</script>
<script type="module">
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { createBackend } from '/tfjs/index.js';
// batches as plain arrays -> [{ loss, gradient, hvp }] as plain arrays, plus the backend's info
window.ctcRun = async (tfjsBackend, batches, directions) => {
  const backend = await createBackend({ tfjsBackend });
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

let harness: BrowserHarness;
beforeAll(async () => {
  const routes = {
    '/': { html: PAGE },
    '/tfjs/': here('../dist/'),
    '/spec/': here('../../spec/dist/'),
    '/backend-cpu/': here('../../backend-cpu/dist/'),
    '/tfjs-core/': tfjsDist('tfjs-core'),
    '/tfjs-webgl/': tfjsDist('tfjs-backend-webgl'),
    '/tfjs-webgpu/': tfjsDist('tfjs-backend-webgpu'),
  };
  harness = await startBrowserHarness(routes, { launch: { args: SWIFTSHADER_WEBGL_FLAGS, purpose: 'the backend-tfjs browser test' } });
});
afterAll(() => harness?.close());

it.each(['webgl', 'webgpu'])('tfjs %s in headless Chromium: loss, gradient and HVP agree with reference-cpu', async (tfjsBackend) => {
  const { page } = await openReadyPage(harness.browser, harness.server.url, 'ctcRun');
  try {
    const batches = [exampleBatch(), randomBatch({ seed: 7, B: 3, T: 10, C: 5, L: 4, logitLength: [6, 10], dtype: 'float32' })];
    const directions = batches.map((b, i) => randomBatch({ seed: 20 + i, ...b.dims, L: 1 }).logits);
    type Run = (name: string, b: unknown, d: unknown) => Promise<{ info: Record<string, unknown>; backend: string; out: { loss: number[]; gradient: number[]; hvp: number[] }[] }>;
    const got = await page.evaluate(({ tfjsBackend, batches, directions }) => (window as unknown as { ctcRun: Run }).ctcRun(tfjsBackend, batches, directions), {
      tfjsBackend,
      batches: batches.map(plainBatch),
      directions: directions.map((d) => Array.from(d)),
    });
    expect(got.backend).toBe(tfjsBackend);
    expect(got.info.path).toBe('generic');
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
