// Makes dist/worker-browser.js self-contained (its imports bundled in, source map with its sources),
// so a page bundled by a tool that does not follow `new URL('./worker-browser.js', import.meta.url)`
// (esbuild) needs only this one file copied next to its bundle, or passed as `workerUrl`.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../src/worker-browser.ts', import.meta.url).pathname],
  outfile: new URL('../dist/worker-browser.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  sourcesContent: true,
  logLevel: 'warning',
});
