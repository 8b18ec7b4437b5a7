import type { CtcInputMode, CtcVariant } from '@seq2seq-losses/spec';
import { encodeModel, GraphBuilder } from '../onnx/graph-builder.js';
import { valueInfo, type IValueInfoProto, type OnnxDtype } from '../onnx/proto.js';
import { hessianVectorProduct } from './hvp.js';
import { INPUT, OUTPUT } from './io-names.js';
import { buildLattice } from './lattice.js';
import { gradient, occupancy } from './occupancy.js';
import { outcomeFromAlpha } from './outcome.js';
import { scanLattice } from './scan-lattice.js';

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
  const scan = scanLattice(g, lat, op !== 'loss');
  const outcome = outcomeFromAlpha(g, lat, scan, inputs);
  const outputs: IValueInfoProto[] = [valueInfo(OUTPUT.loss, dtype, ['B'])];
  g.named('Identity', [outcome.loss], OUTPUT.loss);
  if (op !== 'loss') {
    const occ = occupancy(g, lat, scan.alpha!, scan.beta!);
    g.named('Identity', [gradient(g, lat, occ.gamma, outcome, inputs)], OUTPUT.gradient);
    outputs.push(valueInfo(OUTPUT.gradient, dtype, ['B', 'T', 'C']));
    if (op === 'hvp') {
      g.named('Identity', [hessianVectorProduct(g, lat, scan.alpha!, scan.beta!, occ, outcome, inputs)], OUTPUT.hvp);
      outputs.push(valueInfo(OUTPUT.hvp, dtype, ['B', 'T', 'C']));
    }
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
