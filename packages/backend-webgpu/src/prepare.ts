import { isFeasible, logitsToFloat32, lossRule, sampleLoss, SampleStatus, type CtcBatch, type CtcDims, type ResolvedCtcOptions } from '@seq2seq-losses/spec';

/** Per-sample status, as the kernels read it from meta: spec's SampleStatus codes. */
export const STATUS_OK = SampleStatus.Ok;
/** No alignment fits T_b frames: loss +inf (0 with zeroInfinity), derivatives 0. */
export const STATUS_INFEASIBLE = SampleStatus.Infeasible;
/** A valid frame holds NaN or +inf or is all -inf: every output of the sample is NaN. */
export const STATUS_INVALID = SampleStatus.Invalid;

/** What the GPU needs of a batch besides its float inputs. */
export interface PreparedMeta {
  readonly dims: CtcDims;
  /** State stride 2 max_b(U_b) + 1 of the [B, T, S] arrays. */
  readonly S: number;
  /** [B, 4] (T_b, U_b, status, 0), then labels [B, L]. */
  readonly meta: Int32Array;
  /** [B] STATUS_* per sample. */
  readonly status: Int32Array;
}

/** A batch as the GPU takes it. */
export interface PreparedBatch extends PreparedMeta {
  /** [B, T, C] the inputs in float32. */
  readonly x: Float32Array;
}

/** The integer inputs of a batch. */
export type CtcIntegerInputs = Pick<CtcBatch, 'dims' | 'labels' | 'labelLength' | 'logitLength'>;

/**
 * Metadata and status from the integer inputs alone: STATUS_INFEASIBLE where no alignment fits,
 * else STATUS_OK (a caller without the float inputs on the host must find invalid frames itself).
 */
export function prepareMeta(batch: CtcIntegerInputs, options: ResolvedCtcOptions): PreparedMeta {
  const { B, L } = batch.dims;
  const meta = new Int32Array(4 * B + B * L);
  meta.set(batch.labels, 4 * B);
  const status = new Int32Array(B);
  let maxU = 0;
  for (let b = 0; b < B; b++) {
    const Tb = batch.logitLength[b];
    const Ub = batch.labelLength[b];
    maxU = Math.max(maxU, Ub);
    if (!isFeasible(options.variant, Tb, batch.labels, b * L, Ub)) status[b] = STATUS_INFEASIBLE;
    meta[4 * b] = Tb;
    meta[4 * b + 1] = Ub;
    meta[4 * b + 2] = status[b];
  }
  return { dims: batch.dims, S: 2 * maxU + 1, meta, status };
}

/**
 * Converts to float32 (spec's logitsToFloat32: float64 frames shifted by their maximum first; the
 * backend's calls arrive as float32 already) and classifies each sample (reading only its valid frames).
 */
export function prepareBatch(batch: CtcBatch, options: ResolvedCtcOptions): PreparedBatch {
  const { T, C } = batch.dims;
  const x = logitsToFloat32('webgpu', batch.logits, C, options.inputs);
  const prepared = prepareMeta(batch, options);
  const { meta, status } = prepared;
  for (let b = 0; b < status.length; b++) {
    // the structural check comes first, as in the reference: infeasible whatever the frames hold
    if (status[b] === STATUS_OK && hasInvalidFrame(x, b * T * C, meta[4 * b], C)) meta[4 * b + 2] = status[b] = STATUS_INVALID;
  }
  return { ...prepared, x };
}

/** Whether one of the Tb frames at x[offset..] holds NaN or +inf, or is all -inf. */
function hasInvalidFrame(x: Float32Array, offset: number, Tb: number, C: number): boolean {
  for (let t = 0; t < Tb; t++) {
    const o = offset + t * C;
    // A finite sum rules all three out (NaN and +inf make it NaN or +inf, an all -inf frame -inf);
    // a non-finite one (any -inf, or an overflow) takes the exact test. 4 sums: no add latency chain.
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let c = 0;
    for (; c + 3 < C; c += 4) {
      s0 += x[o + c];
      s1 += x[o + c + 1];
      s2 += x[o + c + 2];
      s3 += x[o + c + 3];
    }
    for (; c < C; c++) s0 += x[o + c];
    const sum = s0 + s1 + (s2 + s3);
    if (sum - sum !== 0 && invalidFrame(x, o, C)) return true;
  }
  return false;
}

/** The exact test of one frame x[o .. o + C). */
function invalidFrame(x: Float32Array, o: number, C: number): boolean {
  let finite = false;
  for (let c = 0; c < C; c++) {
    const v = x[o + c];
    if (v !== v || v === Infinity) return true;
    if (v > -Infinity) finite = true;
  }
  return !finite;
}

/** The loss from the GPU's log-likelihoods [B] and each sample's status (spec's sampleLoss, float32 clamped at 0). */
export function finishLoss(ll: Float32Array, prepared: PreparedMeta, options: ResolvedCtcOptions): Float32Array {
  const rule = lossRule(options, true);
  const loss = new Float32Array(ll.length);
  for (let b = 0; b < ll.length; b++) loss[b] = sampleLoss(prepared.status[b] as SampleStatus, ll[b], rule);
  return loss;
}
