/** Where a backend can run. */
export type CtcRuntime = 'node' | 'browser';

/** One backend id: which package starts it, with which options, and where it runs. */
export interface CtcBackendEntry {
  /** Stable id used by pickBackend, the CLI, the bench and `npm start`. */
  readonly id: string;
  /** The package that exports `createBackend(options)`. */
  readonly packageName: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly description: string;
  readonly runtimes: readonly CtcRuntime[];
  /** Needs a WebGPU device (navigator.gpu, or the `webgpu` package in Node). */
  readonly gpu?: boolean;
}

/** Every backend id of seq2seq-losses. */
export const BACKEND_CATALOG: readonly CtcBackendEntry[] = [
  { id: 'reference-cpu', packageName: '@seq2seq-losses/reference-cpu', description: 'float64 log-space reference (the oracle)', runtimes: ['node', 'browser'] },
  { id: 'cpu', packageName: '@seq2seq-losses/backend-cpu', options: { precision: 'float32' }, description: 'fast multi-threaded CPU, float32', runtimes: ['node', 'browser'] },
  { id: 'cpu-f64', packageName: '@seq2seq-losses/backend-cpu', options: { precision: 'float64' }, description: 'fast multi-threaded CPU, float64', runtimes: ['node', 'browser'] },
  { id: 'tfjs-cpu', packageName: '@seq2seq-losses/backend-tfjs', options: { tfjsBackend: 'cpu' }, description: 'TensorFlow.js, cpu backend', runtimes: ['node', 'browser'] },
  { id: 'tfjs-wasm', packageName: '@seq2seq-losses/backend-tfjs', options: { tfjsBackend: 'wasm' }, description: 'TensorFlow.js, wasm backend', runtimes: ['node', 'browser'] },
  { id: 'tfjs-webgpu', packageName: '@seq2seq-losses/backend-tfjs', options: { tfjsBackend: 'webgpu' }, description: "TensorFlow.js, webgpu backend (backend-webgpu's WGSL passes on tfjs's device; Dawn in Node)", runtimes: ['node', 'browser'], gpu: true },
  { id: 'tfjs-webgl', packageName: '@seq2seq-losses/backend-tfjs', options: { tfjsBackend: 'webgl' }, description: "TensorFlow.js, webgl backend (tfjs ops)", runtimes: ['browser'] },
  { id: 'webgpu', packageName: '@seq2seq-losses/backend-webgpu', description: 'WGSL compute shaders on WebGPU (Dawn in Node)', runtimes: ['node', 'browser'], gpu: true },
  { id: 'onnx', packageName: '@seq2seq-losses/backend-onnx', options: { dtype: 'float32' }, description: 'ONNX graphs on onnxruntime-node, float32', runtimes: ['node'] },
  { id: 'onnx-f64', packageName: '@seq2seq-losses/backend-onnx', options: { dtype: 'float64' }, description: 'ONNX graphs on onnxruntime-node, float64', runtimes: ['node'] },
];

export function backendEntry(id: string): CtcBackendEntry | undefined {
  return BACKEND_CATALOG.find((e) => e.id === id);
}

/** The catalog ids that run in this runtime, in catalog order. */
export function backendIds(runtime?: CtcRuntime): string[] {
  return BACKEND_CATALOG.filter((e) => runtime === undefined || e.runtimes.includes(runtime)).map((e) => e.id);
}
