import v8 from 'node:v8';
import vm from 'node:vm';

/** A full garbage collection, whether or not node runs with --expose-gc. */
export const collectGarbage = (() => {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
})();
