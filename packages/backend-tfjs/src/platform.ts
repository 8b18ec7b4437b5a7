/**
 * What differs between Node and browsers, chosen by package.json's `#platform` import conditions
 * (`node` -> platform-node.ts, `browser` / `default` -> platform-browser.ts).
 */
export interface Platform {
  /**
   * Imports an optional peer package by name at run time (Node: from node_modules). In a browser
   * bundle this rejects: bundlers only include what the page imports itself.
   */
  importOptional(specifier: string): Promise<unknown>;
  /** Gives tfjs-backend-webgpu a navigator.gpu where there is none (Node: Dawn from the npm package `webgpu`). */
  provideNavigatorGpu(): Promise<void>;
  /** The default folder of the tfjs wasm binaries (Node: next to @tensorflow/tfjs-backend-wasm), or undefined for tfjs's own default. */
  defaultWasmPaths(): string | undefined;
}
