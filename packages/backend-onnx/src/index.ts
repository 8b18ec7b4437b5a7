export { createBackend, type OnnxBackendOptions } from './backend.js';
export { exportOnnxModel, type ExportOnnxModelOptions } from './export.js';
export { buildCtcModel, type OnnxCtcOp, type OnnxModelSpec } from './graph/models.js';
export { INPUT as ONNX_INPUT_NAMES, OUTPUT as ONNX_OUTPUT_NAMES } from './graph/io-names.js';
export type { OnnxDtype } from './onnx/proto.js';
