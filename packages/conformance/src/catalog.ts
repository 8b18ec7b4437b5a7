import { CtcBackendUnavailableError, describeError, type CtcBackend } from '@seq2seq-losses/spec';

/** One backend id this build knows: which package starts it, and with which options. */
export interface CatalogEntry {
  /** Stable id used by the CLI, the bench and `npm start`. */
  readonly id: string;
  /** The workspace package that exports `createBackend(options)`. */
  readonly packageName: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly description: string;
}

/**
 * Every backend id of this build. Packages are imported lazily by name (not declared as
 * dependencies of this package: backends depend on conformance for their tests).
 */
export const BACKEND_CATALOG: readonly CatalogEntry[] = [
  { id: 'reference-cpu', packageName: '@seq2seq-losses/reference-cpu', description: 'float64 log-space reference (the oracle)' },
  { id: 'cpu', packageName: '@seq2seq-losses/backend-cpu', options: { precision: 'float32' }, description: 'fast multi-threaded CPU, float32' },
  { id: 'cpu-f64', packageName: '@seq2seq-losses/backend-cpu', options: { precision: 'float64' }, description: 'fast multi-threaded CPU, float64' },
  { id: 'tfjs-cpu', packageName: '@seq2seq-losses/backend-tfjs', options: { tfjsBackend: 'cpu' }, description: 'TensorFlow.js, cpu backend' },
  { id: 'tfjs-wasm', packageName: '@seq2seq-losses/backend-tfjs', options: { tfjsBackend: 'wasm' }, description: 'TensorFlow.js, wasm backend' },
  { id: 'tfjs-webgpu', packageName: '@seq2seq-losses/backend-tfjs', options: { tfjsBackend: 'webgpu' }, description: "TensorFlow.js, webgpu backend (backend-webgpu's WGSL passes on tfjs's device; Dawn in Node)" },
  { id: 'webgpu', packageName: '@seq2seq-losses/backend-webgpu', description: 'WGSL compute shaders on WebGPU (Dawn in Node)' },
  { id: 'onnx', packageName: '@seq2seq-losses/backend-onnx', options: { dtype: 'float32' }, description: 'ONNX graphs on onnxruntime-node, float32' },
  { id: 'onnx-f64', packageName: '@seq2seq-losses/backend-onnx', options: { dtype: 'float64' }, description: 'ONNX graphs on onnxruntime-node, float64' },
];

export function catalogEntry(id: string): CatalogEntry | undefined {
  return BACKEND_CATALOG.find((e) => e.id === id);
}

/**
 * Starts a backend by id. Throws CtcBackendUnavailableError when its package is missing from this
 * build or cannot start here; the message says why.
 */
export async function createCatalogBackend(id: string): Promise<CtcBackend> {
  const entry = catalogEntry(id);
  if (!entry) {
    throw new CtcBackendUnavailableError(id, `unknown backend id; known ids: ${BACKEND_CATALOG.map((e) => e.id).join(', ')}`);
  }
  let mod: { createBackend?: (options?: unknown) => Promise<CtcBackend> };
  try {
    mod = await import(/* @vite-ignore */ entry.packageName);
  } catch (error) {
    throw new CtcBackendUnavailableError(id, `package ${entry.packageName} is not built or not installed (${describeError(error)})`, { cause: error });
  }
  if (typeof mod.createBackend !== 'function') {
    throw new CtcBackendUnavailableError(id, `package ${entry.packageName} does not export createBackend`);
  }
  return mod.createBackend(entry.options);
}

/** Whether each backend of the catalog can start here (each is started and disposed). */
export async function probeCatalog(): Promise<Array<{ id: string; available: boolean; reason?: string; info?: CtcBackend['info'] }>> {
  const out: Array<{ id: string; available: boolean; reason?: string; info?: CtcBackend['info'] }> = [];
  for (const entry of BACKEND_CATALOG) {
    try {
      const backend = await createCatalogBackend(entry.id);
      out.push({ id: entry.id, available: true, info: backend.info });
      await backend.dispose();
    } catch (error) {
      out.push({ id: entry.id, available: false, reason: describeError(error) });
    }
  }
  return out;
}
