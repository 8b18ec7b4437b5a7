import { CROSS_ORIGIN_ISOLATION, serveStatic } from '@seq2seq-losses/browser-harness';
import { DIST_DIR } from './build.mjs';

/**
 * Serves the built page (bench/web/dist and nothing else) on 127.0.0.1 only, with conformance's
 * serveStatic (sirv in production mode: it lists the folder once and serves only those files, so
 * /../package.json is a 404). The isolation headers let backends use SharedArrayBuffer.
 * @param {{ port?: number, dir?: string }} [options] port 0 picks a free port
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  return serveStatic(options.dir ?? DIST_DIR, {}, { port: options.port ?? 0, headers: () => CROSS_ORIGIN_ISOLATION });
}
