import type { Platform } from './platform.js';

export const platform: Platform = {
  importOptional: (specifier) =>
    Promise.reject(new Error(`in a browser, import '${specifier}' in your own code before this call (bundlers include only what the page imports)`)),
  provideNavigatorGpu: () => Promise.resolve(),
  defaultWasmPaths: () => undefined,
};
