import type { CtcInputMode, CtcVariant } from '@seq2seq-losses/spec';
import { encodeModel, GraphBuilder } from '../onnx/graph-builder.js';
import { ELEM, valueInfo, type IValueInfoProto, type OnnxDtype } from '../onnx/proto.js';
import { INPUT, OUTPUT } from './io-names.js';
import { buildLattice, gatherStates, type Lattice } from './lattice.js';
import { lossOutput, type LogLossSource } from './loss-output.js';
import { probLossAndGradient } from './prob-gradient.js';
import { probHessianVectorProduct } from './prob-hvp.js';
import { outcomeFromAlpha } from './outcome.js';
import { scanAlpha } from './scan-lattice.js';

export type OnnxCtcOp = 'loss' | 'lossAndGradient' | 'hvp';

/** One model of the family: every shape (B, T, C, L) is dynamic. */
export interface OnnxModelSpec {
  readonly variant: CtcVariant;
  readonly op: OnnxCtcOp;
  readonly dtype: OnnxDtype;
  readonly inputs: CtcInputMode;
}

/**
 * Builds the ONNX model of one (variant, op, dtype, input mode).
 * Inputs: logits [B,T,C] float, labels [B,L] int64, label_lengths [B] int64, logit_lengths [B]
 * int64, blank [] int64 in [0, C), and for 'hvp' direction [B,T,C] float.
 * Outputs: loss [B]; gradient [B,T,C] (lossAndGradient, hvp); hvp [B,T,C] (hvp).
 */
export function buildCtcModel(spec: OnnxModelSpec): Uint8Array {
  const { variant, op, dtype, inputs } = spec;
  // The HVP model computes in float64 whatever its dtype (Cast at the edges), in probability space
  // (prob-hvp.ts): its former float32 log-space recursions lost up to 1e-3 at T=1000 (the ratios of
  // alpha accumulate one rounding per frame); float64 keeps loss, gradient and HVP within one float32
  // rounding at any T.
  const compute: OnnxDtype = op === 'hvp' ? 'float64' : dtype;
  const g = new GraphBuilder('m', compute);
  const floatInput = (name: string) => (compute === dtype ? name : g.op('Cast', [name], { to: ELEM.float64 }));
  const output = (x: string, name: string) =>
    compute === dtype ? g.named('Identity', [x], name) : g.named('Cast', [x], name, { to: ELEM.float32 });
  const lat = buildLattice(g, variant, inputs, floatInput(INPUT.logits));
  const outputs: IValueInfoProto[] = [valueInfo(OUTPUT.loss, dtype, ['B'])];
  if (op === 'loss') {
    // The log-space pass only where needed, inside the If branches.
    output(lossOutput(g, lat, variant, inputs, logLossOf(lat, inputs)), OUTPUT.loss);
  } else if (op === 'lossAndGradient') {
    const { loss, gradient: grad } = probLossAndGradient(g, lat, variant, inputs, logLossOf(lat, inputs));
    output(loss, OUTPUT.loss);
    output(grad, OUTPUT.gradient);
    outputs.push(valueInfo(OUTPUT.gradient, dtype, ['B', 'T', 'C']));
  } else {
    const { loss, gradient: grad, hvp } = probHessianVectorProduct(g, lat, inputs, floatInput(INPUT.direction));
    output(loss, OUTPUT.loss);
    output(grad, OUTPUT.gradient);
    outputs.push(valueInfo(OUTPUT.gradient, dtype, ['B', 'T', 'C']));
    output(hvp, OUTPUT.hvp);
    outputs.push(valueInfo(OUTPUT.hvp, dtype, ['B', 'T', 'C']));
  }
  const graphInputs = [
    valueInfo(INPUT.logits, dtype, ['B', 'T', 'C']),
    valueInfo(INPUT.labels, 'int64', ['B', 'L']),
    valueInfo(INPUT.labelLengths, 'int64', ['B']),
    valueInfo(INPUT.logitLengths, 'int64', ['B']),
    valueInfo(INPUT.blank, 'int64', []),
  ];
  if (op === 'hvp') graphInputs.push(valueInfo(INPUT.direction, dtype, ['B', 'T', 'C']));
  const name = `ctc_${variant}_${op}_${inputs}_${dtype}`;
  const doc = `CTC (${variant}) ${op} from ${inputs}, ${dtype}; see @seq2seq-losses/backend-onnx README.`;
  return encodeModel(g.graph(name, graphInputs, outputs), doc);
}

/** The exact log-space loss, built inside the (sub)graph that needs it. */
function logLossOf(lat: Lattice, inputs: CtcInputMode): LogLossSource {
  return (b) => outcomeFromAlpha(b, lat, scanAlpha(b, lat, false, gatherStates(b, lat.logProbs, lat)), inputs).loss;
}
