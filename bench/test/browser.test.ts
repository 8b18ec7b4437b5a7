import { launchHeadlessChromium } from '@seq2seq-losses/browser-harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebBench } from '../web/build.mjs';
import { startServer } from '../web/server.mjs';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

beforeAll(async () => {
  await buildWebBench();
  server = await startServer();
  browser = await launchHeadlessChromium({ purpose: 'the browser benchmark test' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Row = Record<'case' | 'op' | 'variant' | 'backend' | 'median' | 'reps' | 'dev' | 'status', string>;

describe('npm run bench:web in headless Chromium', () => {
  it('runs the tiny case on every backend the browser starts, shows the checked table, the chart and a recommendation', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}?case=tiny&op=forward,lossAndGradient`);
    await page.waitForSelector('body[data-state]', { timeout: 150_000 });
    const state = await page.getAttribute('body', 'data-state');
    expect(state, `page status: ${await page.textContent('#status')}`).toBe('done');
    expect(errors).toEqual([]);

    const rows: Row[] = await page.$$eval('#records tbody tr', (trs) =>
      trs.map((tr) => {
        const c = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { case: c[0], op: c[1], variant: c[2], backend: c[3], median: c[4], reps: c[5], dev: c[6], status: c[7] };
      }),
    );
    const backends = [...new Set(rows.map((r) => r.backend))];
    console.log(`browser backends measured: ${backends.join(', ')}; ` + (await page.textContent('#backends')));
    // 2 ops x 2 variants per started backend; reference-cpu always starts.
    expect(rows.length).toBe(4 * backends.length);
    expect(backends).toContain('reference-cpu');
    for (const r of rows.filter((r) => r.backend === 'reference-cpu')) {
      expect(r).toMatchObject({ case: 'tiny', status: 'ok', dev: '0', reps: '3' });
      expect(Number(r.median)).toBeGreaterThan(0);
    }
    // Every timed result of every backend carries its deviation from the reference.
    const records: Array<{ medianMs: number | null; maxAbsDeviation: number | null; status: string }> = await page.evaluate(
      () => (window as unknown as { __bench: { records: never[] } }).__bench.records,
    );
    for (const r of records.filter((r) => r.medianMs !== null)) {
      expect(typeof r.maxAbsDeviation).toBe('number');
      expect(['ok', 'wrong']).toContain(r.status);
    }
    expect(await page.locator('#summary th').allTextContents()).toEqual(['case', 'shape', 'op', 'variant', ...backends]);
    expect(await page.locator('#chart svg').count()).toBe(1);
    expect(await page.textContent('#recommendation')).toMatch(/^Recommended backend for this browser: [\w-]+ \(fastest correct lossAndGradient/);
    await page.close();
  });
});
