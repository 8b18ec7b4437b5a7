/// <reference types="@webgpu/types" />
import { CtcBackendUnavailableError, CtcInputError, describeError } from '@seq2seq-losses/spec';
import { dawn } from '#dawn';

/** Options of `createBackend`. */
export interface WebGpuBackendOptions {
  /** A GPU to use (default: navigator.gpu in browsers, Dawn from the npm package `webgpu` in Node). */
  readonly gpu?: GPU;
  readonly powerPreference?: GPUPowerPreference;
  /** Dawn toggles for `create(...)` in Node, e.g. ['backend=vulkan']. */
  readonly dawnOptions?: readonly string[];
  /**
   * Bytes one storage binding may hold, at most the device's `maxStorageBufferBindingSize` (which a
   * device cannot lower below WebGPU's default of 128 MiB): the lattice is cut in time chunks and
   * batches split to fit it. Default: the device's limit.
   */
  readonly maxStorageBufferBindingSize?: number;
}

/** An open device and what keeps it alive (Dawn's GPU object must stay referenced). */
export interface GpuDevice {
  readonly gpu: GPU;
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  readonly runtime: 'navigator.gpu' | 'dawn-node' | 'given';
}

export const INSTALL_HINT =
  'On a machine without a GPU, install a software Vulkan driver with the package\'s scripts/install-vulkan-driver.sh ' +
  '(node_modules/@seq2seq-losses/backend-webgpu/scripts/, or packages/backend-webgpu/scripts/ in its repository) and export ' +
  'the VK_ICD_FILENAMES (and LD_LIBRARY_PATH) it prints; check that libvulkan1 is installed. In a browser, use one with WebGPU enabled.';

const unavailable = (reason: string, cause?: unknown) => new CtcBackendUnavailableError('webgpu', reason, { cause });

async function findGpu(options: WebGpuBackendOptions): Promise<Pick<GpuDevice, 'gpu' | 'runtime'>> {
  if (options.gpu) return { gpu: options.gpu, runtime: 'given' };
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, runtime: 'navigator.gpu' };
  try {
    return { gpu: await dawn.createGpu(options.dawnOptions ?? []), runtime: 'dawn-node' };
  } catch (error) {
    throw unavailable(`no navigator.gpu, and the npm package 'webgpu' (Dawn for Node) cannot be loaded: ${describeError(error)}`, error);
  }
}

/** Opens an adapter and a device with the adapter's largest buffer and dispatch limits. */
export async function openDevice(options: WebGpuBackendOptions = {}): Promise<GpuDevice> {
  const { gpu, runtime } = await findGpu(options);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  } catch (error) {
    throw unavailable(`requestAdapter failed: ${describeError(error)}. ${INSTALL_HINT}`, error);
  }
  if (!adapter) throw unavailable(`no WebGPU adapter (no GPU or Vulkan driver found). ${INSTALL_HINT}`);
  const wanted = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBuffersPerShaderStage'] as const;
  const requiredLimits: Record<string, number> = {};
  for (const key of wanted) requiredLimits[key] = adapter.limits[key];
  try {
    const device = await adapter.requestDevice({ label: 'seq2seq-losses-ctc', requiredLimits });
    return { gpu, adapter, device, runtime };
  } catch (error) {
    throw unavailable(`requestDevice failed: ${describeError(error)}`, error);
  }
}

/** The bytes one storage binding may hold on `device`: its limit, or the smaller one asked for. */
export function bindingLimit(device: GPUDevice, options: Pick<WebGpuBackendOptions, 'maxStorageBufferBindingSize'> = {}): number {
  const own = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const asked = options.maxStorageBufferBindingSize;
  if (asked !== undefined && !(Number.isFinite(asked) && asked >= 16)) {
    throw new CtcInputError('INVALID_OPTION', 'createBackend', 'options.maxStorageBufferBindingSize', `expected \`options.maxStorageBufferBindingSize\` to be a finite number of bytes >= 16, got ${asked}`);
  }
  return Math.min(own, asked ?? own);
}

/** A one-line adapter name, e.g. 'nvidia ampere NVIDIA H100 80GB HBM3' or 'google swiftshader'. */
export function adapterName(info: GPUAdapterInfo): string {
  return [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ') || 'unknown adapter';
}
