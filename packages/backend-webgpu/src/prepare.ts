import { isFeasible, type CtcBatch, type CtcDims, type ResolvedCtcOptions } from '@seq2seq-losses/spec';

/** Per-sample status, as the kernels read it from meta. */
export const STATUS_OK = 0;
/** No alignment fits T_b frames: loss +inf (0 with zeroInfinity), derivatives 0. */
export const STATUS_INFEASIBLE = 1;
/** A valid frame holds NaN or +inf or is all -inf: every output of the sample is NaN. */
export const STATUS_INVALID = 2;

/** A batch as the GPU takes it. */
export interface PreparedBatch {
  readonly dims: CtcDims;
  /** State stride 2 max_b(U_b) + 1 of the [B, T, S] arrays. */
  readonly S: number;
  /** [B, T, C] the inputs in float32. */
  readonly x: Float32Array;
  /** [B, 4] (T_b, U_b, status, 0), then labels [B, L]. */
  readonly meta: Int32Array;
  /** [B] STATUS_* per sample. */
  readonly status: Int32Array;
}

/** Converts to float32 and classifies each sample (reading only its valid frames). */
export function prepareBatch(batch: CtcBatch, options: ResolvedCtcOptions): PreparedBatch {
  const { B, T, C, L } = batch.dims;
  const x = batch.logits instanceof Float32Array ? batch.logits : Float32Array.from(batch.logits);
  const meta = new Int32Array(4 * B + B * L);
  meta.set(batch.labels, 4 * B);
  const status = new Int32Array(B);
  let maxU = 0;
  for (let b = 0; b < B; b++) {
    const Tb = batch.logitLength[b];
    const Ub = batch.labelLength[b];
    maxU = Math.max(maxU, Ub);
    // the structural check comes first, as in the reference: infeasible whatever the frames hold
    if (!isFeasible(options.variant, Tb, batch.labels, b * L, Ub)) status[b] = STATUS_INFEASIBLE;
    else if (hasInvalidFrame(x, b * T * C, Tb, C)) status[b] = STATUS_INVALID;
    meta[4 * b] = Tb;
    meta[4 * b + 1] = Ub;
    meta[4 * b + 2] = status[b];
  }
  return { dims: batch.dims, S: 2 * maxU + 1, x, meta, status };
}

/** Whether one of the Tb frames at x[offset..] holds NaN or +inf, or is all -inf. */
function hasInvalidFrame(x: Float32Array, offset: number, Tb: number, C: number): boolean {
  for (let t = 0; t < Tb; t++) {
    let finite = false;
    for (let c = 0; c < C; c++) {
      const v = x[offset + t * C + c];
      if (v !== v || v === Infinity) return true;
      if (v > -Infinity) finite = true;
    }
    if (!finite) return true;
  }
  return false;
}

/** The loss from the GPU's log-likelihoods [B] and each sample's status. */
export function finishLoss(ll: Float32Array, prepared: PreparedBatch, options: ResolvedCtcOptions): Float32Array {
  const loss = new Float32Array(ll.length);
  for (let b = 0; b < ll.length; b++) {
    const st = prepared.status[b];
    let v: number;
    if (st === STATUS_INVALID) v = NaN;
    else if (st === STATUS_INFEASIBLE || ll[b] === -Infinity) v = options.zeroInfinity ? 0 : Infinity;
    else v = 0 - ll[b]; // +0, never -0, for a certain alignment
    // float32 round-off can make a certain alignment's loss slightly negative
    loss[b] = options.inputs === 'logits' && v < 0 ? 0 : v;
  }
  return loss;
}
