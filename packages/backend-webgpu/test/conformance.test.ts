import { describeCtcBackend } from '@seq2seq-losses/conformance';
import { createTestBackend } from './support/gpu.js';

describeCtcBackend('webgpu', createTestBackend);
