// Makes the worker entries self-contained (their imports bundled in, source maps with their
// sources): dist/worker-browser.js (Web Workers) and dist/worker.js (Node worker_threads). A
// bundle made by a tool that does not follow `new URL('./worker....js', import.meta.url)` (esbuild)
// then needs only that one file copied next to it, or passed as createBackend's `workerUrl`.
import { build } from 'esbuild';

const at = (path) => new URL(`../${path}`, import.meta.url).pathname;
const common = { bundle: true, format: 'esm', target: 'es2022', sourcemap: true, sourcesContent: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: [at('src/worker-browser.ts')], outfile: at('dist/worker-browser.js'), platform: 'browser' }),
  build({ ...common, entryPoints: [at('src/worker.ts')], outfile: at('dist/worker.js'), platform: 'node' }),
]);
