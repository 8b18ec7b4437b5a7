import { referenceLoss } from '@seq2seq-losses/reference-cpu';
import type { CtcVariant } from '@seq2seq-losses/spec';

/**
 * -loss from reference-cpu of each labelling for one sample's log-probabilities z [T_b, C]: a batch
 * with the sample's frames repeated once per labelling, in 'logProbs' mode.
 */
export function referenceLogProbs(
  z: Float64Array,
  Tb: number,
  C: number,
  labellings: readonly ArrayLike<number>[],
  variant: CtcVariant,
  blank: number,
): Float64Array {
  const B = labellings.length;
  const L = Math.max(0, ...labellings.map((l) => l.length));
  const logits = new Float64Array(B * Tb * C); // [B, T_b, C]
  const labels = new Int32Array(B * L); // [B, L]
  labellings.forEach((l, b) => {
    logits.set(z, b * Tb * C);
    labels.set(Array.from(l), b * L);
  });
  const loss = referenceLoss(
    {
      logits,
      labels,
      labelLength: Int32Array.from(labellings, (l) => l.length),
      logitLength: new Int32Array(B).fill(Tb),
      dims: { B, T: Tb, C, L },
    },
    { variant, blankIndex: blank, inputs: 'logProbs' },
  );
  return loss.map((v) => -v);
}
