import type { CtcBatch } from '@seq2seq-losses/spec';
import type { Browser, Page } from 'playwright-core';

/** A batch as plain arrays (typed arrays do not cross into a page); the page rebuilds typed arrays. */
export interface PlainBatch {
  logits: number[]; // [B * T * C]
  labels: number[]; // [B * L]
  labelLength: number[]; // [B]
  logitLength: number[]; // [B]
  dims: CtcBatch['dims'];
}

export function plainBatch(batch: CtcBatch): PlainBatch {
  return {
    logits: Array.from(batch.logits),
    labels: Array.from(batch.labels),
    labelLength: Array.from(batch.labelLength),
    logitLength: Array.from(batch.logitLength),
    dims: batch.dims,
  };
}

export interface ReadyPage {
  page: Page;
  /** Uncaught errors of the page so far (its `pageerror` events). */
  errors: string[];
}

/**
 * Opens `url` in a new page and waits until the page script defined `globalThis[ready]`; throws
 * with the page's uncaught errors when it does not (a package that failed to load). Close the
 * returned page when done.
 */
export async function openReadyPage(browser: Browser, url: string, ready: string, timeoutMs = 30_000): Promise<ReadyPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.waitForFunction((name) => name in globalThis, ready, { timeout: timeoutMs });
  } catch (error) {
    await page.close();
    throw new Error(`the page ${url} did not define ${ready}: ${errors.join('; ') || String(error)}`);
  }
  return { page, errors };
}
