import type { DawnLoader } from './dawn.js';

export const dawn: DawnLoader = {
  createGpu: () => Promise.reject(new Error('this environment has no navigator.gpu (a browser without WebGPU, or a page that is not a secure context)')),
};
