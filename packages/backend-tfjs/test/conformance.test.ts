import { describeCtcBackend } from '@seq2seq-losses/conformance';
import { createBackend } from '../src/index.js';

// The whole suite at float32 tolerance (rtol = atol = 1e-4), through the tf.grad path.
describeCtcBackend('tfjs-cpu', () => createBackend({ tfjsBackend: 'cpu' }));
describeCtcBackend('tfjs-wasm', () => createBackend({ tfjsBackend: 'wasm' }));
