import { describeCtcBackend } from '@seq2seq-losses/conformance';
import { createBackend } from '../src/index.js';

// The generic path (tfjs ops only, what webgl/webgpu/tensorflow backends run), checked here on
// the wasm backend in Node.
describeCtcBackend('tfjs-wasm (generic path)', () => createBackend({ tfjsBackend: 'wasm', path: 'generic' }), { runs: 6 });
