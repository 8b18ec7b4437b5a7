import { describeCtcBackend } from '@seq2seq-losses/conformance';
import { createTestBackend } from './support/gpu.js';

// The whole conformance suite again with every binding planned within 16 KiB: most lattices run in
// several time chunks and larger batches as sub-batches (lattice-plan.ts, batch-plan.ts), so every
// law and golden vector also checks the chunk edges, the carried recursion state and the joins.
describeCtcBackend('webgpu (16 KiB bindings)', () => createTestBackend({ maxStorageBufferBindingSize: 16384 }));
