import type { CtcBatch, FloatArray } from './batch.js';
import type { CtcInputMode, CtcVariant } from './options.js';
import type { CtcCallOptions } from './out-arrays.js';

export type CtcPrecision = 'float32' | 'float64';

/** What a backend can do. The conformance suite reads this instead of a skip list. */
export interface CtcCapabilities {
  /** The arithmetic precision; sets the conformance tolerance (float64: 1e-9, float32: 1e-4). */
  readonly precision: CtcPrecision;
  readonly variants: readonly CtcVariant[];
  readonly inputModes: readonly CtcInputMode[];
  readonly hessianVectorProduct: boolean;
  readonly hessian: boolean;
}

export interface CtcLossAndGradient {
  /** [B] per-sample loss; +Infinity for infeasible samples (0 with zeroInfinity). */
  readonly loss: FloatArray;
  /** [B, T, C] d loss_b / d input[b, t, c]; 0 on padded frames and infeasible samples. */
  readonly gradient: FloatArray;
}

export interface CtcHessianVectorProduct extends CtcLossAndGradient {
  /** [B, T, C] (H_b v_b) for each sample: the Hessian of loss_b times direction[b]. */
  readonly hvp: FloatArray;
}

export interface CtcHessian extends CtcLossAndGradient {
  /** [B, T, C, T, C] the full per-sample Hessian. */
  readonly hessian: FloatArray;
}

/** Free-form facts a backend reports about itself (threads, adapter name, execution provider...). */
export type CtcBackendInfo = Readonly<Record<string, string | number | boolean>>;

/**
 * The contract every backend implements (through `defineCtcBackend`). All methods validate their
 * input with `validateCtcCall` (a rejected call computes nothing), never mutate their inputs and own
 * them once the promise is returned. With `timeMajor` every [B, T, ...] below is [T, B, ...].
 */
export interface CtcBackend {
  /** A stable id such as 'reference-cpu', 'cpu', 'tfjs-wasm', 'onnx-f64'. */
  readonly name: string;
  readonly capabilities: CtcCapabilities;
  readonly info: CtcBackendInfo;
  /** loss [B] */
  loss(batch: CtcBatch, options?: CtcCallOptions<'loss'>): Promise<FloatArray>;
  lossAndGradient(batch: CtcBatch, options?: CtcCallOptions<'loss' | 'gradient'>): Promise<CtcLossAndGradient>;
  /** direction [B, T, C], like logits. */
  hessianVectorProduct(batch: CtcBatch, direction: FloatArray, options?: CtcCallOptions<'loss' | 'gradient' | 'hvp'>): Promise<CtcHessianVectorProduct>;
  hessian(batch: CtcBatch, options?: CtcCallOptions<'loss' | 'gradient' | 'hessian'>): Promise<CtcHessian>;
  /**
   * Lets calls in flight finish, then frees workers, buffers, sessions; later calls reject with
   * CtcDisposedError. A second call is a no-op.
   */
  dispose(): Promise<void>;
}

/** What every backend package exports as `createBackend`. */
export type CreateCtcBackend<O = unknown> = (options?: O) => Promise<CtcBackend>;

/**
 * A backend that leaves out what it does not declare: `hessianVectorProduct` and `hessian` may be
 * absent when `capabilities` says false. The conformance suite and the bench accept it (they never
 * call an undeclared method); every backend of this repository is a full `CtcBackend`.
 */
export type PartialCtcBackend = Omit<CtcBackend, 'hessianVectorProduct' | 'hessian'> &
  Partial<Pick<CtcBackend, 'hessianVectorProduct' | 'hessian'>>;
