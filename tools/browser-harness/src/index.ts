// @seq2seq-losses/browser-harness (private test tooling): headless Chromium and a 127.0.0.1 static server
// for the packages' browser tests and the browser bench.
export { CHROMIUM_FLAGS, DEFAULT_CHROMIUM, launchHeadlessChromium, SWIFTSHADER_WEBGL_FLAGS, type LaunchOptions } from './chromium.js';
export { CROSS_ORIGIN_ISOLATION, serveStatic, type ServeStaticOptions, type StaticRoute, type StaticServer } from './serve-static.js';
export { startBrowserHarness, type BrowserHarness } from './harness.js';
export { openReadyPage, plainBatch, type PlainBatch, type ReadyPage } from './page.js';
export { pathsNotRefused, rawGet, type RawResponse } from './raw-get.js';
