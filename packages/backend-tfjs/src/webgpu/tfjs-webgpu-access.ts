/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs-core';

/**
 * The parts of @tensorflow/tfjs-backend-webgpu's WebGPUBackend (4.x) that the WGSL path uses, typed
 * here so that the package is an optional peer. Tensors live in GPU buffers of `device`; tfjs records
 * its own work into a command encoder that it submits lazily.
 */
interface TfjsWebGpuBackend {
  readonly device: GPUDevice;
  readonly tensorMap: { get(dataId: object): { resource?: unknown } };
  uploadToGPU(dataId: object): void;
  makeTensorInfo(shape: number[], dtype: 'float32'): tf.TensorInfo;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/** tfjs's active backend when it is tfjs-backend-webgpu (and looks like the 4.x one), else undefined. */
export function activeTfjsWebGpu(): TfjsWebGpuBackend | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const b = tf.backend() as unknown as Partial<TfjsWebGpuBackend>;
  const fns = [b.uploadToGPU, b.makeTensorInfo, b.ensureCommandEncoderReady, b.endComputePassEncoder, b.submitQueue];
  return b.device && b.tensorMap && fns.every((f) => typeof f === 'function') ? (b as TfjsWebGpuBackend) : undefined;
}

/** The GPU buffer holding tensor `t` (uploading host values first). */
export function gpuBufferOf(backend: TfjsWebGpuBackend, t: tf.Tensor): GPUBuffer {
  backend.uploadToGPU(t.dataId);
  const resource = backend.tensorMap.get(t.dataId).resource;
  if (!(resource instanceof GPUBuffer)) throw new Error('backend-tfjs: a tfjs-webgpu tensor is not held in a GPUBuffer');
  return resource;
}

/** A new float32 tensor of `shape` with its (uninitialised) GPU buffer, to be written by our passes. */
export function newGpuTensor(backend: TfjsWebGpuBackend, shape: number[]): { tensor: tf.Tensor; buffer: GPUBuffer } {
  const info = backend.makeTensorInfo(shape, 'float32');
  const tensor = tf.engine().makeTensorFromTensorInfo(info);
  return { tensor, buffer: gpuBufferOf(backend, tensor) };
}

/** Submits what tfjs has recorded so far, so that commands submitted next run after it. */
export function flushTfjsCommands(backend: TfjsWebGpuBackend): void {
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
}
