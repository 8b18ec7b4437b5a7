/// <reference types="@webgpu/types" />

/**
 * Dawn, the WebGPU of the npm package `webgpu`, for Node where there is no navigator.gpu. Chosen by
 * package.json's `#dawn` import conditions: `node` -> dawn-node.ts, `browser` / `default` ->
 * dawn-none.ts (browsers have navigator.gpu or no WebGPU at all).
 */
export interface DawnLoader {
  /** Creates Dawn's GPU object (keep it referenced while its devices live); throws when unavailable. */
  createGpu(dawnOptions: readonly string[]): Promise<GPU>;
}
