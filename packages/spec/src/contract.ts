/**
 * The contract as a user of any backend sees it: the types of batches, options and backends, the
 * typed errors with CTC_INPUT_ERROR_CODES, picking a backend (pickBackend, createBackendById, the
 * catalog, resolveBackend) and the PyTorch-style targets helper. Every backend package re-exports
 * this module (`export * from '@seq2seq-losses/spec/contract'`), so users depend on one package.
 * Whatever errors.ts or options.ts gain (a new error class, a new option) is re-exported with it.
 */
export type { CtcBatch, CtcDims, FloatArray } from './batch.js';
export type * from './backend.js';
export type { CtcCallOptions, CtcOut, CtcOutKey } from './out-arrays.js';
export * from './options.js';
export * from './errors.js';
export * from './resolve-backend.js';
export * from './backends/catalog.js';
export * from './backends/environment.js';
export * from './backends/pick.js';
export { labelsFromConcatenated } from './concatenated-labels.js';
