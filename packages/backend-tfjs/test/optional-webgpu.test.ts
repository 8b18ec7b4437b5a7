import { describe, expect, it, vi } from 'vitest';
import { CtcBackendUnavailableError } from '@seq2seq-losses/spec';

// @seq2seq-losses/backend-webgpu is an optional peer: a project without it gets an error that
// names the package and says how to load it, only when tfjs's active backend is webgpu.
vi.mock('#platform', () => ({
  platform: {
    importOptional: (specifier: string) => Promise.reject(new Error(`Cannot find package '${specifier}' imported from backend-tfjs`)),
    provideNavigatorGpu: () => Promise.resolve(),
    defaultWasmPaths: () => undefined,
  },
}));

describe('without @seq2seq-losses/backend-webgpu installed', () => {
  it('a webgpu call throws CtcBackendUnavailableError naming the package to install', async () => {
    const { ctcWebGpu } = await import('../src/webgpu/provider.js');
    expect(() => ctcWebGpu()).toThrow(CtcBackendUnavailableError);
    expect(() => ctcWebGpu()).toThrow(/npm install @seq2seq-losses\/backend-webgpu.*import '@seq2seq-losses\/backend-tfjs\/webgpu'/);
  });

  it("createBackend({ tfjsBackend: 'webgpu' }) rejects with the package name and the loader's cause", async () => {
    const { createBackend } = await import('../src/index.js');
    const failure = createBackend({ tfjsBackend: 'webgpu' });
    await expect(failure).rejects.toBeInstanceOf(CtcBackendUnavailableError);
    await expect(failure).rejects.toThrow(/cannot load @seq2seq-losses\/backend-webgpu \(Cannot find package '@seq2seq-losses\/backend-webgpu'.*npm install @seq2seq-losses\/backend-webgpu/);
  });

  it('the cpu path does not need it', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const { classicCtcLoss } = await import('../src/index.js');
    const loss = classicCtcLoss({
      labels: tf.tensor2d([[1]], [1, 1], 'int32'),
      logits: tf.zeros([1, 1, 2]),
      labelLength: tf.tensor1d([1], 'int32'),
      logitLength: tf.tensor1d([1], 'int32'),
    });
    expect(Array.from(await loss.data())[0]).toBeCloseTo(Math.log(2), 6); // one frame, two equal classes
  });
});
