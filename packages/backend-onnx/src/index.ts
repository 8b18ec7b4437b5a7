export { createBackend, type OnnxBackendOptions } from './backend.js';
export { exportOnnxModel, type ExportOnnxModelOptions } from './export.js';
export { buildCtcModel, type OnnxCtcOp, type OnnxModelSpec } from './graph/models.js';
export { INPUT as ONNX_INPUT_NAMES, OUTPUT as ONNX_OUTPUT_NAMES } from './graph/io-names.js';
export type { OnnxDtype } from './onnx/proto.js';
// The contract's types, errors and CTC_INPUT_ERROR_CODES: users need only this package.
export * from '@seq2seq-losses/spec/contract';
