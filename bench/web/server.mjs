import { createServer } from 'node:http';
import sirv from 'sirv';
import { DIST_DIR } from './build.mjs';

/**
 * Serves the built page (bench/web/dist and nothing else) on 127.0.0.1 only. sirv runs in its
 * production mode: it lists the folder once and serves only those files, so a path such as
 * /../package.json is a 404. The isolation headers let backends use SharedArrayBuffer.
 * @param {{ port?: number, dir?: string }} [options] port 0 picks a free port
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const serve = sirv(options.dir ?? DIST_DIR, {
    dev: false,
    etag: true,
    setHeaders: (res) => {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    },
  });
  const server = createServer((req, res) =>
    serve(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    }),
  );
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
