/// <reference types="@webgpu/types" />
import type { DawnLoader } from './dawn.js';

export const dawn: DawnLoader = {
  async createGpu(dawnOptions) {
    // `webgpu` is an optional peer dependency: a specifier in a variable, so bundlers leave it to run time
    const name = 'webgpu';
    const mod = (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as { create: (options: string[]) => GPU; globals: object };
    Object.assign(globalThis, mod.globals); // GPUBufferUsage, GPUShaderStage, GPUMapMode...
    return mod.create([...dawnOptions]);
  },
};
