import type { Browser } from 'playwright-core';
import { launchHeadlessChromium, type LaunchOptions } from './chromium.js';
import { serveStatic, type ServeStaticOptions, type StaticRoute, type StaticServer } from './serve-static.js';

/** A browser test's fixture: the static server and headless Chromium, closed together. */
export interface BrowserHarness {
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * serveStatic(null, routes, serve) + launchHeadlessChromium(launch), for a beforeAll; close() in
 * the afterAll. When Chromium cannot start, the server is closed before the error is thrown.
 */
export async function startBrowserHarness(
  routes: Record<string, StaticRoute>,
  options: { serve?: ServeStaticOptions; launch?: LaunchOptions } = {},
): Promise<BrowserHarness> {
  const server = await serveStatic(null, routes, options.serve);
  let browser: Browser;
  try {
    browser = await launchHeadlessChromium(options.launch);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
