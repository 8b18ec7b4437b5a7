import { backendEntry, createBackendById } from '@seq2seq-losses/spec';

/**
 * The backends a browser can use: ids, descriptions and options from spec's catalog, each package
 * loaded lazily through a literal import so the bundler (vite) sees it (a package that is not built
 * resolves to a stub whose createBackend throws, see build.mjs). This is the browser pattern of
 * `pickBackend` / `createBackendById`: pass `load` with literal imports.
 * @typedef {{ id: string, description: string, create: () => Promise<import('@seq2seq-losses/spec').CtcBackend> }} WebBackendEntry
 */

const load = {
  '@seq2seq-losses/reference-cpu': () => import('@seq2seq-losses/reference-cpu'),
  '@seq2seq-losses/backend-cpu': () => import('@seq2seq-losses/backend-cpu'),
  '@seq2seq-losses/backend-webgpu': () => import('@seq2seq-losses/backend-webgpu'),
  '@seq2seq-losses/backend-tfjs': () => import('@seq2seq-losses/backend-tfjs'),
};

/** What a tfjs id needs first: a browser bundle holds only what the page imports. */
const prepare = {
  'tfjs-webgl': () => import('@tensorflow/tfjs-backend-webgl'), // registers 'webgl'
  'tfjs-webgpu': async () => {
    await import('@tensorflow/tfjs-backend-webgpu'); // registers 'webgpu'
    await import('@seq2seq-losses/backend-tfjs/webgpu'); // hands backend-webgpu's WGSL passes to the losses
  },
  'tfjs-wasm': async () => {
    // build.mjs copies the .wasm binaries to dist/tfjs-wasm/; registered here so the page sets their path
    const tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(new URL('./tfjs-wasm/', location.href).href);
    // The threaded build's blob workers break once bundled ("e is not defined"): single-threaded SIMD.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  },
  'tfjs-cpu': () => import('@tensorflow/tfjs-backend-cpu'), // registers 'cpu'
};

const IDS = ['reference-cpu', 'cpu', 'webgpu', 'tfjs-webgl', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu'];

/** @type {readonly WebBackendEntry[]} */
export const WEB_BACKENDS = IDS.map((id) => ({
  id,
  description: backendEntry(id)?.description ?? id,
  create: async () => {
    await prepare[/** @type {keyof typeof prepare} */ (id)]?.();
    return createBackendById(id, { load });
  },
}));
