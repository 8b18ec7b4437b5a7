import { describe, expect, it } from 'vitest';
import {
  BACKEND_CATALOG,
  backendIds,
  createBackendById,
  CtcBackendUnavailableError,
  defaultBackendOrder,
  detectEnvironment,
  isSoftwareAdapter,
  pickBackend,
  type CtcBackend,
} from '../src/index.js';

/** A stand-in backend package whose createBackend records its options. */
function fakePackage(name: string, fail?: string) {
  return {
    createBackend: async (options?: unknown) => {
      if (fail) throw new Error(fail);
      return { name, info: { options: JSON.stringify(options ?? null) } } as unknown as CtcBackend;
    },
  };
}

describe('the backend catalog', () => {
  it('has unique ids, each with a package, a description and where it runs', () => {
    const ids = BACKEND_CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of BACKEND_CATALOG) {
      expect(e.packageName).toMatch(/^@seq2seq-losses\/(reference-cpu|backend-(cpu|tfjs|webgpu|onnx))$/);
      expect(e.runtimes.length).toBeGreaterThan(0);
    }
    expect(backendIds('node')).not.toContain('tfjs-webgl');
    expect(backendIds('browser')).not.toContain('onnx');
    expect(backendIds('node')).toEqual(['reference-cpu', 'cpu', 'cpu-f64', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgpu', 'webgpu', 'onnx', 'onnx-f64']);
  });
});

describe('createBackendById', () => {
  it("starts the id's package with the catalog options under the caller's", async () => {
    const load = { '@seq2seq-losses/backend-cpu': async () => fakePackage('cpu') };
    const b = await createBackendById('cpu-f64', { load, options: { threads: 2 } });
    expect(JSON.parse(b.info.options as string)).toEqual({ precision: 'float64', threads: 2 });
  });

  it('names an unknown id and lists the known ones', async () => {
    await expect(createBackendById('gpu')).rejects.toThrow(/backend 'gpu' is unavailable: unknown backend id; known ids: reference-cpu, cpu, cpu-f64/);
  });

  it('says which package to install when it cannot be loaded', async () => {
    const error = await createBackendById('onnx', { load: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CtcBackendUnavailableError);
    expect((error as Error).message).toContain('package @seq2seq-losses/backend-onnx could not be loaded (npm install @seq2seq-losses/backend-onnx): no loader given');
    const byFunction = await createBackendById('onnx', { load: async () => ({}) as never }).catch((e: unknown) => e);
    expect((byFunction as Error).message).toContain('does not export createBackend');
  });
});

describe('pickBackend', () => {
  const env = { runtime: 'node', gpu: 'none', crossOriginIsolated: false } as const;

  it('returns the first id that starts, in order', async () => {
    const load = async (name: string) => (name.endsWith('backend-cpu') ? fakePackage('cpu', 'no threads') : fakePackage(name));
    const b = await pickBackend({ ids: ['cpu', 'tfjs-wasm', 'onnx'], environment: env, load });
    expect(b.name).toBe('@seq2seq-losses/backend-tfjs');
  });

  it('lists every cause when nothing starts', async () => {
    const load = async () => fakePackage('x', 'broken here');
    await expect(pickBackend({ environment: env, load })).rejects.toThrow(
      /no candidate could start:\n {2}cpu: broken here\n {2}tfjs-wasm: broken here\n {2}onnx: broken here\n {2}reference-cpu: broken here/,
    );
  });

  it('follows the environment: a hardware GPU puts webgpu first; browsers never try onnx', () => {
    expect(defaultBackendOrder(env)).toEqual(['cpu', 'tfjs-wasm', 'onnx', 'reference-cpu']);
    expect(defaultBackendOrder({ ...env, gpu: 'software' })).toEqual(['cpu', 'tfjs-wasm', 'onnx', 'reference-cpu']);
    expect(defaultBackendOrder({ ...env, gpu: 'hardware' })[0]).toBe('webgpu');
    expect(defaultBackendOrder({ runtime: 'browser', gpu: 'hardware', crossOriginIsolated: true })).toEqual(['webgpu', 'cpu', 'tfjs-wasm', 'reference-cpu']);
    expect(defaultBackendOrder({ runtime: 'browser', gpu: 'none', crossOriginIsolated: false })).toEqual(['cpu', 'tfjs-wasm', 'reference-cpu']);
  });
});

describe('detectEnvironment', () => {
  it('tells software adapters (lavapipe, SwiftShader, fallback) from hardware ones', async () => {
    expect(isSoftwareAdapter({ info: { vendor: 'mesa', device: 'llvmpipe (LLVM 19.1.7, 256 bits)' } })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: 'google', architecture: 'swiftshader' } })).toBe(true);
    expect(isSoftwareAdapter({ isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H100' } })).toBe(false);
    const hardware = { requestAdapter: async () => ({ info: { vendor: 'nvidia', device: 'NVIDIA H100' } }) };
    expect(await detectEnvironment({ gpu: hardware })).toEqual({ runtime: 'node', gpu: 'hardware', crossOriginIsolated: false });
    expect((await detectEnvironment({ gpu: { requestAdapter: async () => null } })).gpu).toBe('none');
    expect((await detectEnvironment({ gpu: { requestAdapter: async () => Promise.reject(new Error('x')) } })).gpu).toBe('none');
    expect((await detectEnvironment()).gpu).toBe('none'); // Node 20 has no navigator.gpu
  });
});
