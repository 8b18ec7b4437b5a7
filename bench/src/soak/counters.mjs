import { createBackendById } from '@seq2seq-losses/spec';

/**
 * A catalog backend started with counters of what it holds besides memory, each read as a number
 * that must stay flat over a soak and fall back after dispose:
 *   cpu, cpu-f64        workers: live worker threads (backend-cpu's liveWorkerCount)
 *   tfjs-*              tensors: tf.memory().numTensors
 *   webgpu              gpuBuffers: GPU buffers created and not destroyed (counted on the device)
 *   onnx, onnx-f64      ortSessions: ONNX Runtime sessions created and not released
 * @param {string} id a BACKEND_CATALOG id
 * @returns {Promise<{ backend: import('@seq2seq-losses/spec').CtcBackend, counters: Record<string, () => number> }>}
 */
export async function startCountedBackend(id) {
  if (id === 'cpu' || id === 'cpu-f64') {
    const { createBackend, liveWorkerCount } = await import('@seq2seq-losses/backend-cpu');
    // inlineBelow 0: even the soak's small batches go through the worker threads
    const backend = await createBackend({ precision: id === 'cpu' ? 'float32' : 'float64', inlineBelow: 0 });
    return { backend, counters: { workers: liveWorkerCount } };
  }
  if (id.startsWith('tfjs-')) {
    const tf = await import('@tensorflow/tfjs-core');
    return { backend: await createBackendById(id), counters: { tensors: () => tf.memory().numTensors } };
  }
  if (id === 'webgpu') {
    const { createBackend } = await import('@seq2seq-losses/backend-webgpu');
    const dawn = await import('webgpu');
    Object.assign(globalThis, dawn.globals); // GPUBufferUsage, GPUShaderStage..., as backend-webgpu does for its own Dawn
    const buffers = { live: 0 };
    const backend = await createBackend({ gpu: countingGpu(dawn.create([]), buffers) });
    return { backend, counters: { gpuBuffers: () => buffers.live } };
  }
  if (id === 'onnx' || id === 'onnx-f64') {
    const sessions = await countOrtSessions();
    return { backend: await createBackendById(id), counters: { ortSessions: () => sessions.live } };
  }
  return { backend: await createBackendById(id), counters: {} };
}

/**
 * The GPU with its devices' createBuffer counted against destroy in `buffers.live`: the methods are
 * patched on the real objects (Dawn takes only its own buffers as arguments, never proxies).
 */
/**
 * @param {any} gpu a GPU (navigator.gpu-like)
 * @param {{ live: number }} buffers
 */
function countingGpu(gpu, buffers) {
  /** @type {(object: any, key: string, wrap: (original: any) => any) => any} */
  const patch = (object, key, wrap) => {
    const original = object[key].bind(object);
    object[key] = wrap(original);
    return object;
  };
  /** @param {any} buffer */
  const countBuffer = (buffer) => {
    let destroyed = false;
    return patch(buffer, 'destroy', (/** @type {() => void} */ destroy) => () => {
      if (!destroyed) buffers.live--;
      destroyed = true;
      destroy();
    });
  };
  /** @param {any} device */
  const countDevice = (device) =>
    patch(device, 'createBuffer', (/** @type {(d: object) => any} */ create) => (/** @type {object} */ descriptor) => {
      buffers.live++;
      return countBuffer(create(descriptor));
    });
  /** @param {any} adapter */
  const countAdapter = (adapter) =>
    adapter && patch(adapter, 'requestDevice', (/** @type {(d?: object) => Promise<any>} */ request) => async (/** @type {object} */ descriptor) => countDevice(await request(descriptor)));
  return patch(gpu, 'requestAdapter', (/** @type {(o?: object) => Promise<any>} */ request) => async (/** @type {object} */ options) => countAdapter(await request(options)));
}

/** @type {{ live: number } | null} */
let ortCount = null;
/** Counts ONNX Runtime sessions: InferenceSession.create (+1) against session.release() (-1), once per process. */
async function countOrtSessions() {
  if (ortCount) return ortCount;
  const ort = await import('onnxruntime-node');
  ortCount = { live: 0 };
  const counts = ortCount;
  const create = ort.InferenceSession.create.bind(ort.InferenceSession);
  ort.InferenceSession.create = async (/** @type {any[]} */ ...args) => {
    const session = await /** @type {(...a: any[]) => Promise<import('onnxruntime-node').InferenceSession>} */ (create)(...args);
    counts.live++;
    const release = session.release.bind(session);
    session.release = async () => {
      counts.live--;
      return release();
    };
    return session;
  };
  return counts;
}
