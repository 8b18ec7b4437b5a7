import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Platform } from './platform.js';

// A specifier in a variable: bundlers leave the import to run time (the peers are optional).
const importOptional = (specifier: string): Promise<unknown> => import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);

export const platform: Platform = {
  importOptional,
  async provideNavigatorGpu() {
    const g = globalThis as { navigator?: { gpu?: unknown } };
    if (g.navigator?.gpu) return;
    const dawn = (await importOptional('webgpu')) as { create: (options: string[]) => unknown; globals: object };
    Object.assign(globalThis, dawn.globals); // GPUBufferUsage, GPUShaderStage, ...
    const gpu = dawn.create([]);
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  },
  defaultWasmPaths() {
    const require = createRequire(import.meta.url);
    return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
  },
};
