import { CTC_INPUT_MODES, CTC_VARIANTS, CtcInputError, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';
import { buildCtcModel, type OnnxCtcOp } from './graph/models.js';
import type { OnnxDtype } from './onnx/proto.js';

export interface ExportOnnxModelOptions {
  /** Default 'classic'. */
  readonly variant?: CtcVariant;
  /** Default 'lossAndGradient'. */
  readonly op?: OnnxCtcOp;
  /** Default 'float32'. */
  readonly dtype?: OnnxDtype;
  /** Default 'logits'. */
  readonly inputs?: CtcInputMode;
}

const OPS: readonly OnnxCtcOp[] = ['loss', 'lossAndGradient', 'hvp'];
const DTYPES: readonly OnnxDtype[] = ['float32', 'float64'];

/**
 * The bytes of a self-contained ONNX model (opset 17, dynamic B, T, C, L) computing CTC loss
 * (and gradient / HVP) for any ONNX Runtime. Inputs and outputs: see the package README.
 */
export function exportOnnxModel(options: ExportOnnxModelOptions = {}): Uint8Array {
  const variant = options.variant ?? 'classic';
  const op = options.op ?? 'lossAndGradient';
  const dtype = options.dtype ?? 'float32';
  const inputs = options.inputs ?? 'logits';
  const check = <T>(name: string, value: T, allowed: readonly T[]) => {
    if (!allowed.includes(value)) {
      throw new CtcInputError('INVALID_OPTION', 'exportOnnxModel', `options.${name}`, `expected \`options.${name}\` to be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    }
  };
  check('variant', variant, CTC_VARIANTS);
  check('op', op, OPS);
  check('dtype', dtype, DTYPES);
  check('inputs', inputs, CTC_INPUT_MODES);
  return buildCtcModel({ variant, op, dtype, inputs });
}
