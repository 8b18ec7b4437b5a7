import type { CtcInputMode, CtcVariant } from '@seq2seq-losses/spec';
import { encodeModel, GraphBuilder } from '../onnx/graph-builder.js';
import { valueInfo, type IValueInfoProto, type OnnxDtype } from '../onnx/proto.js';
import { hessianVectorProduct } from './hvp.js';
import { INPUT, OUTPUT } from './io-names.js';
import { buildLattice, gatherStates, type Lattice } from './lattice.js';
import { lossOutput, type LogLossSource } from './loss-output.js';
import { probLossAndGradient } from './prob-gradient.js';
import { gradient, occupancy } from './occupancy.js';
import { outcomeFromAlpha } from './outcome.js';
import { scanAlpha, scanLattice } from './scan-lattice.js';

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
  const g = new GraphBuilder('m', dtype);
  const lat = buildLattice(g, variant, inputs);
  const outputs: IValueInfoProto[] = [valueInfo(OUTPUT.loss, dtype, ['B'])];
  if (op === 'loss') {
    // The log-space pass only where needed, inside the If branches.
    g.named('Identity', [lossOutput(g, lat, variant, inputs, logLossOf(lat, inputs))], OUTPUT.loss);
  } else if (op === 'lossAndGradient') {
    const { loss, gradient: grad } = probLossAndGradient(g, lat, variant, inputs, logLossOf(lat, inputs));
    g.named('Identity', [loss], OUTPUT.loss);
    g.named('Identity', [grad], OUTPUT.gradient);
    outputs.push(valueInfo(OUTPUT.gradient, dtype, ['B', 'T', 'C']));
  } else {
    const scan = scanLattice(g, lat, true);
    const outcome = outcomeFromAlpha(g, lat, scan, inputs);
    g.named('Identity', [lossOutput(g, lat, variant, inputs, () => outcome.loss)], OUTPUT.loss);
    const occ = occupancy(g, lat, scan.alpha!, scan.beta!);
    g.named('Identity', [gradient(g, lat, occ.gamma, outcome, inputs)], OUTPUT.gradient);
    outputs.push(valueInfo(OUTPUT.gradient, dtype, ['B', 'T', 'C']));
    g.named('Identity', [hessianVectorProduct(g, lat, scan.alpha!, scan.beta!, occ, outcome, inputs)], OUTPUT.hvp);
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
