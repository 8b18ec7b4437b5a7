import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSS_ORIGIN_ISOLATION, openReadyPage, plainBatch, startBrowserHarness, type BrowserHarness } from '@seq2seq-losses/browser-harness';
import { randomBatch } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { expectClose } from './support/compare.js';

// The BUILT package in headless Chromium: on a cross-origin-isolated page (COOP + COEP headers)
// the samples are spread over module Web Workers sharing memory; on a plain page it runs inline.
// The server rewrites the bare '@seq2seq-losses/spec' and '@seq2seq-losses/reference-cpu' imports to
// URLs and '#platform' to the browser condition's target, as a bundler would (import maps do not
// reach module workers).
const dist = (pkg: string) => fileURLToPath(new URL(`../../${pkg}/dist/`, import.meta.url));
const toSpecUrl = (source: string) =>
  source
    .replaceAll("from '@seq2seq-losses/spec'", "from '/spec/index.js'")
    .replaceAll("from '@seq2seq-losses/spec/contract'", "from '/spec/contract.js'")
    .replaceAll("from '@seq2seq-losses/reference-cpu'", "from '/reference/index.js'")
    .replaceAll("from '#platform'", "from './platform-browser.js'");

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
</script>`;

let harness: BrowserHarness;
beforeAll(async () => {
  harness = await startBrowserHarness(
    { '/': { html: PAGE }, '/plain': { html: PAGE }, '/spec/': dist('spec'), '/cpu/': { dir: dist('backend-cpu'), rewrite: toSpecUrl }, '/reference/': { dir: dist('reference-cpu'), rewrite: toSpecUrl } },
    { serve: { headers: (path) => (path === '/plain' ? {} : CROSS_ORIGIN_ISOLATION) }, launch: { purpose: 'the backend-cpu browser test' } },
  );
});
afterAll(() => harness?.close());

describe('in headless Chromium', () => {
  const batch = randomBatch({ seed: 51, B: 6, T: 12, C: 5, L: 4, logitLength: [0, 12], scale: 3 });
  const direction = randomBatch({ seed: 52, B: 6, T: 12, C: 5, L: 0 }).logits;
  const plain = plainBatch(batch);

  for (const [path, parallelism] of [
    ['/', 'web-workers'],
    ['/plain', 'inline (page not cross-origin isolated)'],
  ] as const) {
    it(`page ${path}: ${parallelism}, results equal to the reference`, async () => {
      const { page } = await openReadyPage(harness.browser, harness.server.origin + path, 'ctcRun');
      try {
        const r = await page.evaluate(
          ([b, v]) => (window as unknown as { ctcRun: (b: unknown, v: number[], o: object) => Promise<Record<string, unknown>> }).ctcRun(b, v, { variant: 'classic' }),
          [plain, Array.from(direction)] as const,
        );
        expect(r.isolated).toBe(path === '/');
        expect((r.info as Record<string, unknown>).parallelism).toBe(parallelism);
        expect((r.info as Record<string, unknown>).kernels).toBe('wasm-simd'); // the main thread compiles asynchronously, the workers synchronously
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
