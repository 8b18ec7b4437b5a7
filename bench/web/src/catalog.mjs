/**
 * The backends a browser can use, each loaded lazily from its package (bundled by vite; a package
 * that is not built resolves to a stub whose createBackend throws, see build.mjs).
 * @typedef {{ id: string, description: string, create: () => Promise<import('@seq2seq-losses/spec').CtcBackend> }} WebBackendEntry
 */

/** @type {readonly WebBackendEntry[]} */
export const WEB_BACKENDS = [
  {
    id: 'reference-cpu',
    description: 'float64 log-space reference (the oracle)',
    create: async () => (await import('@seq2seq-losses/reference-cpu')).createBackend(),
  },
  {
    id: 'cpu',
    description: 'backend-cpu, float32, Web Workers',
    create: async () => (await import('@seq2seq-losses/backend-cpu')).createBackend({ precision: 'float32' }),
  },
  {
    id: 'webgpu',
    description: 'backend-webgpu, WGSL on navigator.gpu',
    create: async () => (await import('@seq2seq-losses/backend-webgpu')).createBackend(),
  },
  {
    id: 'tfjs-webgl',
    description: "backend-tfjs on TensorFlow.js's webgl backend",
    create: async () => {
      await import('@tensorflow/tfjs-backend-webgl'); // registers 'webgl'
      return (await import('@seq2seq-losses/backend-tfjs')).createBackend({ tfjsBackend: 'webgl' });
    },
  },
  {
    id: 'tfjs-webgpu',
    description: "backend-tfjs on TensorFlow.js's webgpu backend",
    create: async () => {
      await import('@tensorflow/tfjs-backend-webgpu'); // registers 'webgpu'
      await import('@seq2seq-losses/backend-tfjs/webgpu'); // hands backend-webgpu's WGSL passes to the losses
      return (await import('@seq2seq-losses/backend-tfjs')).createBackend({ tfjsBackend: 'webgpu' });
    },
  },
  {
    id: 'tfjs-wasm',
    description: "backend-tfjs on TensorFlow.js's wasm backend",
    // build.mjs copies the .wasm binaries to dist/tfjs-wasm/; registered here so the page sets their path
    create: async () => {
      const tf = await import('@tensorflow/tfjs-core');
      const wasm = await import('@tensorflow/tfjs-backend-wasm'); // registers 'wasm' and its flags
      wasm.setWasmPaths(new URL('./tfjs-wasm/', location.href).href);
      // The threaded build's blob workers break once bundled ("e is not defined"): single-threaded SIMD.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      return (await import('@seq2seq-losses/backend-tfjs')).createBackend({ tfjsBackend: 'wasm' });
    },
  },
  {
    id: 'tfjs-cpu',
    description: "backend-tfjs on TensorFlow.js's cpu backend",
    create: async () => {
      await import('@tensorflow/tfjs-backend-cpu'); // registers 'cpu' (in a browser the page imports tfjs's backends itself)
      return (await import('@seq2seq-losses/backend-tfjs')).createBackend({ tfjsBackend: 'cpu' });
    },
  },
];
