/** Names of the model inputs (see README, "Model interface"). */
export const INPUT = {
  logits: 'logits', // [B, T, C] float
  labels: 'labels', // [B, L] int64
  labelLengths: 'label_lengths', // [B] int64
  logitLengths: 'logit_lengths', // [B] int64
  blank: 'blank', // [] int64 in [0, C)
  direction: 'direction', // [B, T, C] float (hvp models)
} as const;

/** Names of the model outputs. */
export const OUTPUT = {
  loss: 'loss', // [B]
  gradient: 'gradient', // [B, T, C]
  hvp: 'hvp', // [B, T, C]
} as const;
