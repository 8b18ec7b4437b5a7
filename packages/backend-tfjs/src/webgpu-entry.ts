/**
 * `import '@seq2seq-losses/backend-tfjs/webgpu'`: hands @seq2seq-losses/backend-webgpu (an optional
 * peer dependency) to the losses, which need it when tfjs's active backend is webgpu. A side effect
 * only; bundlers include backend-webgpu because this module imports it.
 */
import { SharedDeviceCtc, STATUS_INFEASIBLE } from '@seq2seq-losses/backend-webgpu';
import { provideCtcWebGpu } from './webgpu/provider.js';

provideCtcWebGpu({ SharedDeviceCtc, STATUS_INFEASIBLE });
