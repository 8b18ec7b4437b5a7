import type { SharedDeviceCtc, STATUS_INFEASIBLE } from '@seq2seq-losses/backend-webgpu';
import { CtcBackendUnavailableError, describeError } from '@seq2seq-losses/spec';
import { platform } from '#platform';

/** What the WGSL path uses of @seq2seq-losses/backend-webgpu (an optional peer dependency). */
export interface CtcWebGpuModule {
  readonly SharedDeviceCtc: typeof SharedDeviceCtc;
  readonly STATUS_INFEASIBLE: typeof STATUS_INFEASIBLE;
}

export const WEBGPU_PACKAGE = '@seq2seq-losses/backend-webgpu';
const HOW =
  `install it (npm install ${WEBGPU_PACKAGE}) and import '@seq2seq-losses/backend-tfjs/webgpu' once before the first call ` +
  `(createBackend({ tfjsBackend: 'webgpu' }) loads it by itself in Node)`;

let provided: CtcWebGpuModule | undefined;

/** Called by the '@seq2seq-losses/backend-tfjs/webgpu' entry with backend-webgpu's exports. */
export function provideCtcWebGpu(module: CtcWebGpuModule): void {
  provided = module;
}

/** backend-webgpu, for a call on tfjs's webgpu backend; throws what to install when it is not loaded. */
export function ctcWebGpu(): CtcWebGpuModule {
  if (provided) return provided;
  throw new CtcBackendUnavailableError('tfjs-webgpu', `tfjs's active backend is webgpu, and the CTC passes for it come from ${WEBGPU_PACKAGE}, which is not loaded: ${HOW}`);
}

/** backend-webgpu when it is loaded, else undefined. */
export function ctcWebGpuIfLoaded(): CtcWebGpuModule | undefined {
  return provided;
}

/** Loads backend-webgpu at run time (Node) unless it was provided; throws what to install when absent. */
export async function loadCtcWebGpu(): Promise<CtcWebGpuModule> {
  if (!provided) {
    try {
      provideCtcWebGpu((await platform.importOptional(WEBGPU_PACKAGE)) as CtcWebGpuModule);
    } catch (error) {
      throw new CtcBackendUnavailableError('tfjs-webgpu', `cannot load ${WEBGPU_PACKAGE} (${describeError(error)}): ${HOW}`, { cause: error });
    }
  }
  return provided!;
}
