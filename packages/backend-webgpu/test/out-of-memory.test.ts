import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CtcUnsupportedError, randomBatch, validateCtcCall } from '@seq2seq-losses/spec';
import { BufferPool } from '../src/buffers.js';
import { GpuCall } from '../src/call.js';
import { bindingLimit, openDevice, type GpuDevice } from '../src/device.js';
import { prepareBatch } from '../src/prepare.js';
import { compilePrograms } from '../src/programs/index.js';

// A device that runs out of memory (simulated: WebGPU reports it through an error scope, which a
// software driver with the host's memory cannot be made to do here) gives a typed error.
let gpu: GpuDevice;
beforeAll(async () => {
  gpu = await openDevice();
});
afterAll(() => gpu.device.destroy());

describe('GpuCall on a device that runs out of memory', () => {
  it('reports CtcUnsupportedError (an out-of-memory error scope), not a plain error', async () => {
    const { device } = gpu;
    let pops = 0;
    // the real device, except that the second popErrorScope of a submission (out-of-memory) reports an error
    const oom = new Proxy(device, {
      get(target, key) {
        if (key === 'popErrorScope') return async () => ((await target.popErrorScope(), ++pops % 2 === 0) ? { message: 'simulated' } : null);
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const batch = randomBatch({ seed: 43, B: 2, T: 8, C: 4, L: 3, dtype: 'float32' });
    const options = validateCtcCall('loss', batch, {});
    const pool = new BufferPool(device);
    const call = new GpuCall(oom, await compilePrograms(device), pool, prepareBatch(batch, options), options, batch.logits as Float32Array, bindingLimit(device));
    const error = await call.base(false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CtcUnsupportedError);
    expect((error as Error).message).toMatch(/ran out of memory.*simulated/);
    call.discard();
    expect(pool.size).toBe(0);
  });
});
