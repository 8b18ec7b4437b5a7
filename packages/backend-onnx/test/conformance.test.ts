import { describeCtcBackend } from '@seq2seq-losses/conformance';
import { createBackend } from '../src/index.js';

describeCtcBackend('onnx', () => createBackend({ dtype: 'float32' }));
describeCtcBackend('onnx-f64', () => createBackend({ dtype: 'float64' }));
