import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadyPage, plainBatch, startBrowserHarness, type BrowserHarness } from '@seq2seq-losses/browser-harness';
import { exampleBatch, randomBatch } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { expectClose } from './support/compare.js';

// A quick run inside headless Chromium on navigator.gpu: the BUILT package (dist/, native ESM with an
// import map, the shaders embedded in it) served from 127.0.0.1, checked against the reference.
const dist = (pkg: string) => fileURLToPath(new URL(`../../${pkg}/dist/`, import.meta.url));

const PAGE = `<!doctype html><meta charset="utf-8"><title>backend-webgpu</title>
<script type="importmap">{
  "imports": {
    "@seq2seq-losses/spec": "/spec/index.js",
    "@seq2seq-losses/spec/contract": "/spec/contract.js",
    "@seq2seq-losses/reference-cpu": "/reference-cpu/index.js"
  },
  "scopes": { "/webgpu/": { "#dawn": "/webgpu/dawn-none.js" } }
}</script>
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

let harness: BrowserHarness;
beforeAll(async () => {
  const routes = { '/': { html: PAGE }, '/spec/': dist('spec'), '/reference-cpu/': dist('reference-cpu'), '/webgpu/': dist('backend-webgpu') };
  harness = await startBrowserHarness(routes, { launch: { purpose: 'the backend-webgpu browser test' } });
});
afterAll(() => harness?.close());

describe('webgpu in headless Chromium', () => {
  it('loss, gradient and HVP of small batches agree with the reference', async () => {
    const { page } = await openReadyPage(harness.browser, harness.server.url, 'ctcRun');
    try {
      const batches = [exampleBatch(), randomBatch({ seed: 7, B: 3, T: 12, C: 5, L: 4, logitLength: [6, 12], blankIndex: -1 })];
      const options = [{}, { blankIndex: -1 }];
      const directions = batches.map((b, i) => randomBatch({ seed: 20 + i, ...b.dims }).logits);
      type Out = { loss: number[]; gradient: number[]; hvp: number[] };
      type Run = (b: unknown, o: unknown, d: unknown) => Promise<{ info: Record<string, unknown>; out: Out[] }>;
      const got = await page.evaluate(
        ({ batches, options, directions }) => (window as unknown as { ctcRun: Run }).ctcRun(batches, options, directions),
        { batches: batches.map(plainBatch), options, directions: directions.map((d) => Array.from(d)) },
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
