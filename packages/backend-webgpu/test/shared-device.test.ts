import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBatch, validateCtcCall } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { planSubBatches } from '../src/batch-plan.js';
import { openDevice, type GpuDevice } from '../src/device.js';
import { SharedDeviceCtc, STATUS_OK } from '../src/index.js';
import { expectClose } from './support/compare.js';

// SharedDeviceCtc (what backend-tfjs runs on tfjs-webgpu's device) with GPU buffers in and out, on a
// batch larger than one binding: sub-batches copy their slices of x and the direction in and their
// results out, and each runs its lattice in time chunks.
let gpu: GpuDevice;
beforeAll(async () => {
  gpu = await openDevice();
});
afterAll(() => gpu.device.destroy());

const USAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

function upload(device: GPUDevice, data: Float32Array): GPUBuffer {
  const buffer = device.createBuffer({ size: Math.max(16, data.byteLength), usage: USAGE() });
  device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

async function download(device: GPUDevice, buffer: GPUBuffer, floats: number): Promise<Float32Array> {
  const staging = device.createBuffer({ size: Math.max(16, floats * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, floats * 4);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return out.subarray(0, floats);
}

describe('SharedDeviceCtc beyond one binding', () => {
  it('splits the batch and chunks the lattice: ll, gradient and HVP into the caller buffers', async () => {
    const { device } = gpu;
    const batch = randomBatch({ seed: 41, B: 3, T: 120, C: 10, L: 30, labelLength: [20, 30], logitLength: [90, 120], dtype: 'float32' });
    const v = randomBatch({ seed: 42, ...batch.dims, dtype: 'float32' }).logits as Float32Array;
    const limit = 10 * 1024;
    expect(planSubBatches(batch.dims, batch.labelLength, { limit, minFrames: 1 })).toEqual([{ b0: 0, b1: 2 }, { b0: 2, b1: 3 }]);
    const ctc = SharedDeviceCtc.forDevice(device);
    ctc.maxStorageBufferBindingSize = limit;
    const { B, T, C } = batch.dims;
    const x = upload(device, batch.logits as Float32Array);
    const dir = upload(device, v);
    const into = { ll: upload(device, new Float32Array(B)), frameBad: upload(device, new Float32Array(B * T)), gradient: upload(device, new Float32Array(B * T * C)), hvp: upload(device, new Float32Array(B * T * C)) };
    try {
      const { status } = ctc.submit(batch, validateCtcCall('hessianVectorProduct', batch, {}, v), x, into, dir);
      expect(Array.from(status)).toEqual([STATUS_OK, STATUS_OK, STATUS_OK]);
      const want = referenceHessianVectorProduct(batch, v);
      const ll = await download(device, into.ll, B);
      expectClose(Array.from(ll, (l) => -l), want.loss, 'loss');
      expectClose(await download(device, into.gradient, B * T * C), want.gradient, 'gradient');
      expectClose(await download(device, into.hvp, B * T * C), want.hvp, 'hvp');
      expect(Array.from(await download(device, into.frameBad, B * T)).every((f) => f === 0)).toBe(true);
    } finally {
      ctc.releaseBuffers();
      for (const buffer of [x, dir, ...Object.values(into)]) buffer.destroy();
    }
  });
});
