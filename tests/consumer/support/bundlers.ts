import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as viteBuild, createServer, type Plugin, type ViteDevServer } from 'vite';
import webpack from 'webpack';
import { CROSS_ORIGIN_ISOLATION } from '@seq2seq-losses/browser-harness';

/** The page's HTML for a bundle at ./main.js (a module script, or a classic one for webpack). */
const html = (module: boolean) =>
  `<!doctype html><meta charset="utf-8"><title>consumer</title><body><script ${module ? 'type="module" ' : ''}src="./main.js"></script></body>`;

/**
 * esbuild, platform browser, unflagged: esbuild does not follow `new URL(..., import.meta.url)`,
 * so the user copies backend-cpu's self-contained dist/worker-browser.js next to the bundle (the
 * README's step). Returns the output folder.
 */
export async function bundleWithEsbuild(project: string): Promise<string> {
  const out = join(project, 'dist-esbuild');
  await esbuild({ entryPoints: [join(project, 'page/main.js')], bundle: true, format: 'esm', platform: 'browser', outfile: join(out, 'main.js'), logLevel: 'silent', absWorkingDir: project });
  copyFileSync(join(project, 'node_modules/@seq2seq-losses/backend-cpu/dist/worker-browser.js'), join(out, 'worker-browser.js'));
  writeFileSync(join(out, 'index.html'), html(true));
  return out;
}

/**
 * esbuild, platform node: the Node check with our packages bundled in (their `node` conditions),
 * and backend-cpu's self-contained dist/worker.js copied next to the bundle (the README's step).
 * TensorFlow.js stays external: its CommonJS Node build needs `require` of Node's modules, which an
 * ESM bundle lacks (a tfjs matter, not one of these packages).
 */
export async function bundleNodeWithEsbuild(project: string): Promise<string> {
  const out = join(project, 'dist-esbuild-node');
  const outfile = join(out, 'node-check.mjs');
  await esbuild({
    entryPoints: [join(project, 'node-check.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    external: ['@tensorflow/*'],
    logLevel: 'silent',
    absWorkingDir: project,
  });
  copyFileSync(join(project, 'node_modules/@seq2seq-losses/backend-cpu/dist/worker.js'), join(out, 'worker.js'));
  return outfile;
}

/** Vite's production build, no config beyond the root (or the project's own vite.config.js); returns the output folder. */
export async function bundleWithVite(project: string, options: { ownConfig?: boolean } = {}): Promise<string> {
  const out = join(project, 'dist-vite');
  const configFile = options.ownConfig ? join(project, 'vite.config.js') : false;
  await viteBuild({ root: project, base: './', configFile, logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
  return out;
}

/** webpack 5, production mode, no loaders or plugins; returns the output folder. */
export async function bundleWithWebpack(project: string): Promise<string> {
  const out = join(project, 'dist-webpack');
  mkdirSync(out, { recursive: true });
  const compiler = webpack({ mode: 'production', context: project, entry: './page/main.js', output: { path: out, filename: 'main.js' }, devtool: false });
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    compiler.run((error, result) => (error || !result ? reject(error ?? new Error('webpack: no stats')) : resolve(result))),
  );
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors()) throw new Error(`webpack failed:\n${stats.toString({ all: false, errors: true })}`);
  writeFileSync(join(out, 'index.html'), html(false));
  return out;
}

/** Cross-origin isolation headers on every response except pages under /plain (so those are not isolated). */
function isolationHeaders(): Plugin {
  const set = (req: IncomingMessage, res: ServerResponse) => {
    if (!(req.url ?? '').startsWith('/plain')) for (const [k, v] of Object.entries(CROSS_ORIGIN_ISOLATION)) res.setHeader(k, v);
  };
  return {
    name: 'consumer-isolation-headers',
    configureServer: (server) => void server.middlewares.use((req, res, next) => (set(req, res), next())),
  };
}

/** Vite's dev server on 127.0.0.1, config-free but for the isolation headers of the test. */
export async function startViteDevServer(project: string): Promise<{ server: ViteDevServer; origin: string }> {
  const server = await createServer({ root: project, configFile: false, logLevel: 'silent', plugins: [isolationHeaders()], server: { host: '127.0.0.1', port: 0, strictPort: false } });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite dev server: no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}
