import { describe, expect, it } from 'vitest';
import { CtcBackendUnavailableError, CtcInputError, exampleBatch } from '@seq2seq-losses/spec';
import { createBackend } from '../src/index.js';

describe('backend lifecycle', () => {
  it('names, capabilities and info', async () => {
    const f32 = await createBackend();
    const f64 = await createBackend({ dtype: 'float64', intraOpNumThreads: 1 });
    try {
      expect(f32.name).toBe('onnx');
      expect(f32.capabilities.precision).toBe('float32');
      expect(f32.info.executionProviders).toBe('cpu');
      expect(f64.name).toBe('onnx-f64');
      expect(f64.capabilities).toMatchObject({ precision: 'float64', hessianVectorProduct: true, hessian: true });
      expect(f32.info.intraOpNumThreads).toBe('default (loss, loss+gradient: 1; HVP: one per core)');
      expect(f64.info.intraOpNumThreads).toBe(1);
      expect(f64.info.allowSpinning).toBe(false);
      expect((await f64.loss(exampleBatch()))).toBeInstanceOf(Float64Array);
      expect((await f32.loss(exampleBatch()))).toBeInstanceOf(Float32Array);
    } finally {
      await f32.dispose();
      await f64.dispose();
    }
  });

  it('bad input is rejected with the typed errors of spec before anything runs', async () => {
    const backend = await createBackend({ dtype: 'float64' });
    try {
      const batch = exampleBatch();
      const labels = batch.labels.slice();
      labels[0] = 3;
      await expect(backend.loss({ ...batch, labels })).rejects.toMatchObject({ code: 'LABEL_OUT_OF_RANGE', functionName: 'loss' });
      await expect(backend.lossAndGradient(batch, { blankIndex: 1 })).rejects.toMatchObject({ code: 'BLANK_IN_LABEL' });
      await expect(backend.hessianVectorProduct(batch, new Float64Array(3))).rejects.toBeInstanceOf(CtcInputError);
    } finally {
      await backend.dispose();
    }
  });

  it('dispose releases the sessions, is idempotent, and later calls fail clearly', async () => {
    const backend = await createBackend({ dtype: 'float64' });
    await backend.loss(exampleBatch(), { variant: 'simplified' });
    await backend.dispose();
    await backend.dispose();
    await expect(backend.loss(exampleBatch())).rejects.toMatchObject({ name: 'CtcDisposedError', backend: 'onnx-f64', functionName: 'loss' });
  });

  it('an execution provider that cannot start gives CtcBackendUnavailableError naming it', async () => {
    const start = createBackend({ executionProviders: ['no-such-ep'] });
    await expect(start).rejects.toBeInstanceOf(CtcBackendUnavailableError);
    await expect(start).rejects.toThrow(/no-such-ep/);
  });
});

// ORT's bundled WebGPU EP (Dawn) needs a Vulkan driver; on a machine without a GPU that is
// SwiftShader from Debian's chromium package (CI installs it). Nodes the EP lacks run on the CPU.
describe('webgpu execution provider', () => {
  const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
  it('computes the worked example on webgpu', async () => {
    process.env.VK_ICD_FILENAMES ??= SWIFTSHADER;
    let backend;
    try {
      backend = await createBackend({ executionProviders: ['webgpu'] });
    } catch (error) {
      throw new Error(
        `the webgpu EP could not start (${String(error)}). It needs libvulkan1 and a Vulkan driver: ` +
          `apt-get install -y --no-install-recommends libvulkan1 chromium, then VK_ICD_FILENAMES=${SWIFTSHADER}`,
      );
    }
    try {
      expect(backend.info.executionProviders).toBe('webgpu');
      const r = await backend.lossAndGradient(exampleBatch());
      expect(r.loss[0]).toBeCloseTo(5 * Math.log(3), 5);
      expect(r.loss[1]).toBeCloseTo(4 * Math.log(3) - Math.log(7), 5);
      expect(r.gradient[15]).toBeCloseTo(0.190476, 5);
    } finally {
      await backend.dispose();
    }
  });
});
