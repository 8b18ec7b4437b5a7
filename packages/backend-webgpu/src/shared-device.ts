import type { ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { planSubBatches } from './batch-plan.js';
import { BufferPool } from './buffers.js';
import { GpuCall } from './call.js';
import { bindingLimit } from './device.js';
import { prepareMeta, type CtcIntegerInputs, type PreparedMeta } from './prepare.js';
import { compileProgramsSync, type CtcPrograms } from './programs/index.js';
import { sliceBatch } from './sub-batches.js';

/** The caller's buffers that receive one call's results (float32, row-major). */
export interface SharedDeviceOutputs {
  /** [B] log-likelihoods ln p(y_b | x_b): -inf where no alignment has probability > 0. */
  readonly ll: GPUBuffer;
  /** [B, T] 1 where a valid frame holds NaN or +inf or is all -inf (its sample's outputs are NaN), else 0. */
  readonly frameBad?: GPUBuffer;
  /** [B, T, C] gradient of -ll w.r.t. the inputs (0 for infeasible samples and padded frames). */
  readonly gradient?: GPUBuffer;
  /** [B, T, C] Hessian-vector product H_b v_b (needs the direction). */
  readonly hvp?: GPUBuffer;
}

/**
 * The CTC passes on a GPUDevice that another library owns (tfjs-backend-webgpu): inputs and outputs
 * are that library's GPU buffers, and a call records and submits without waiting, so it can run
 * inside a synchronous kernel. The queue orders it after everything submitted before and before
 * everything submitted after, so the caller must submit its own pending commands first.
 *
 * Samples are classified from the integer inputs only (infeasible or not): the passes do not turn a
 * sample with NaN or +inf, or an all -inf frame, into NaN; they flag such frames (`frameBad`) and the
 * caller masks those samples itself.
 */
export class SharedDeviceCtc {
  private static readonly byDevice = new WeakMap<GPUDevice, SharedDeviceCtc>();
  private readonly programs: CtcPrograms;
  private readonly pool: BufferPool;

  private constructor(private readonly device: GPUDevice) {
    this.programs = compileProgramsSync(device);
    this.pool = new BufferPool(device, 1); // one idle set: the last shape's scratch buffers
  }

  /** The instance for `device` (its passes compiled on first use). */
  static forDevice(device: GPUDevice): SharedDeviceCtc {
    let ctc = SharedDeviceCtc.byDevice.get(device);
    if (!ctc) {
      ctc = new SharedDeviceCtc(device);
      SharedDeviceCtc.byDevice.set(device, ctc);
    }
    return ctc;
  }

  /** The instance for `device` if one was made, without compiling anything. */
  static existing(device: GPUDevice): SharedDeviceCtc | undefined {
    return SharedDeviceCtc.byDevice.get(device);
  }

  /**
   * Bytes one storage binding may hold when planning (default: the device's limit; set lower to
   * exercise the chunking and the batch split on a device whose limit cannot be lowered).
   */
  maxStorageBufferBindingSize?: number;

  /**
   * Submits loss (+ gradient, + HVP along `direction` [B, T, C]) for inputs `x` [B, T, C] (logits or
   * log-probs, per `options.inputs`). Returns the metadata, whose `status` tells infeasible samples.
   * A batch whose [B, T, C] arrays (or lattice rows) exceed one binding runs as consecutive
   * sub-batches: each copies its slice of `x` and `direction` into scratch buffers and its results
   * into its slice of `into`, all in queue order.
   */
  submit(batch: CtcIntegerInputs, options: ResolvedCtcOptions, x: GPUBuffer, into: SharedDeviceOutputs, direction?: GPUBuffer): PreparedMeta {
    const limit = Math.min(bindingLimit(this.device), this.maxStorageBufferBindingSize ?? Infinity);
    const whole = prepareMeta(batch, options);
    const maxSamples = Math.floor(this.device.limits.maxComputeWorkgroupsPerDimension / 2);
    const ranges = planSubBatches(batch.dims, batch.labelLength, { limit, minFrames: 1, maxSamples }); // chunks of any length
    const TC = batch.dims.T * batch.dims.C;
    for (const range of ranges) {
      const single = ranges.length === 1;
      const prepared = single ? whole : prepareMeta(sliceBatch(batch, range), options);
      const window = (buffer: GPUBuffer) => (single ? buffer : { buffer, offset: range.b0 * TC });
      const call = new GpuCall(this.device, this.programs, this.pool, prepared, options, window(x), limit);
      try {
        call.submitInto(into, direction && window(direction), range.b0);
      } catch (error) {
        call.discard();
        throw error;
      }
      call.release(); // later calls reuse the set: the queue runs them after this one
    }
    return whole;
  }

  /** Frees the scratch buffers kept for reuse (the next call allocates again). */
  releaseBuffers(): void {
    this.pool.destroy();
  }
}
