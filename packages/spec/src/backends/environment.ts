import type { CtcRuntime } from './catalog.js';

/**
 * What decides the default backend order:
 * - runtime: Node or a browser (anything else with `navigator`/`document` counts as a browser);
 * - gpu: a hardware WebGPU adapter ('hardware'), only a software one such as lavapipe or
 *   SwiftShader ('software': slower than the CPU backends), or none;
 * - crossOriginIsolated: in a browser, whether backend-cpu can use Web Workers (SharedArrayBuffer).
 */
export interface CtcEnvironment {
  readonly runtime: CtcRuntime;
  readonly gpu: 'hardware' | 'software' | 'none';
  readonly crossOriginIsolated: boolean;
}

interface AdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

/** Adapter names of software WebGPU/Vulkan implementations. */
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software|warp/i;

/** Whether an adapter is a software implementation (from its info, or isFallbackAdapter). */
export function isSoftwareAdapter(adapter: AdapterLike): boolean {
  if (adapter.isFallbackAdapter) return true;
  const info = adapter.info ?? {};
  return SOFTWARE_ADAPTER.test([info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' '));
}

/**
 * Looks at this environment. The GPU is probed through `gpu` when given (in Node: the object the
 * `webgpu` package's `create([])` returns), else through `navigator.gpu` where it exists.
 */
export async function detectEnvironment(options: { gpu?: GpuLike } = {}): Promise<CtcEnvironment> {
  const g = globalThis as { process?: { versions?: { node?: string } }; navigator?: { gpu?: GpuLike }; crossOriginIsolated?: boolean };
  const runtime: CtcRuntime = typeof g.process?.versions?.node === 'string' ? 'node' : 'browser';
  const gpuApi = options.gpu ?? g.navigator?.gpu;
  let gpu: CtcEnvironment['gpu'] = 'none';
  if (gpuApi) {
    try {
      const adapter = await gpuApi.requestAdapter();
      if (adapter) gpu = isSoftwareAdapter(adapter) ? 'software' : 'hardware';
    } catch {
      gpu = 'none';
    }
  }
  return { runtime, gpu, crossOriginIsolated: g.crossOriginIsolated === true };
}

/**
 * The order pickBackend tries backends in, fastest first for the environment (measured in bench/):
 * - Node, no GPU (or a software one): cpu, tfjs-wasm, onnx, reference-cpu;
 * - Node with a hardware GPU: webgpu first, then the same;
 * - browser with a hardware GPU: webgpu, cpu, tfjs-wasm, reference-cpu;
 * - browser without: cpu (Web Workers when cross-origin isolated, else on the calling thread; still
 *   the fastest CPU path), tfjs-wasm, reference-cpu.
 */
export function defaultBackendOrder(env: CtcEnvironment): string[] {
  const cpu = env.runtime === 'node' ? ['cpu', 'tfjs-wasm', 'onnx', 'reference-cpu'] : ['cpu', 'tfjs-wasm', 'reference-cpu'];
  return env.gpu === 'hardware' ? ['webgpu', ...cpu] : cpu;
}
