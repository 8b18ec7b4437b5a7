import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
export const DIST_DIR = fileURLToPath(new URL('./dist', import.meta.url));
const PACKAGES_DIR = fileURLToPath(new URL('../../node_modules/@seq2seq-losses/', import.meta.url));
/** Node-only modules a backend may import on its Node path; never loaded in the browser. */
const NODE_ONLY = ['webgpu', 'onnxruntime-node'];
const STUB = '\0bench-stub:';

/**
 * Workspace backends that are not built (no dist/index.js) and Node-only modules resolve to a stub
 * whose createBackend throws, so the page builds with whatever exists and lists the rest as
 * unavailable.
 * @returns {import('vite').Plugin}
 */
function missingPackagesAsStubs() {
  return {
    name: 'bench-missing-packages',
    enforce: 'pre',
    resolveId(id) {
      const ws = /^@seq2seq-losses\/([\w-]+)$/.exec(id);
      if (ws && !existsSync(`${PACKAGES_DIR}${ws[1]}/dist/index.js`)) return `${STUB}${ws[1]}`;
      if (NODE_ONLY.includes(id)) return `${STUB}${id}`;
      return null;
    },
    load(id) {
      if (!id.startsWith(STUB)) return null;
      const name = id.slice(STUB.length);
      const why = JSON.stringify(NODE_ONLY.includes(name) ? `${name} is Node-only` : `@seq2seq-losses/${name} is not built (npm run build)`);
      return `export async function createBackend() { throw new Error(${why}); }\nexport default {};\n`;
    },
  };
}

/**
 * Copies TensorFlow.js's wasm binaries to dist/tfjs-wasm/ (the page passes that folder as wasmPaths).
 * @returns {import('vite').Plugin}
 */
function tfjsWasmBinaries() {
  return {
    name: 'bench-tfjs-wasm',
    generateBundle() {
      const dir = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.wasm'))) {
        this.emitFile({ type: 'asset', fileName: `tfjs-wasm/${file}`, source: readFileSync(join(dir, file)) });
      }
    },
  };
}

/** Bundles bench/web (page, runner, backends, vega) into bench/web/dist with vite. */
export async function buildWebBench() {
  await build({
    root: WEB_DIR,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [missingPackagesAsStubs(), tfjsWasmBinaries()],
    worker: { format: 'es' },
    build: { outDir: DIST_DIR, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000, reportCompressedSize: false },
  });
  return DIST_DIR;
}
