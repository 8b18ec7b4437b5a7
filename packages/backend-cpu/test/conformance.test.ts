import { describeCtcBackend } from '@seq2seq-losses/conformance';
import { createBackend } from '../dist/index.js';

// inlineBelow: 0 sends even the small conformance batches through the worker threads.
describeCtcBackend('cpu', () => createBackend({ precision: 'float32', threads: 2, inlineBelow: 0 }));
describeCtcBackend('cpu-f64', () => createBackend({ precision: 'float64', threads: 2, inlineBelow: 0 }));
