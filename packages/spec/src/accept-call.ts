import { arrayKind } from './array-kind.js';
import type { CtcBatch, FloatArray } from './batch.js';
import { directionToFloat32, logitsToFloat32 } from './float32-inputs.js';
import { timeMajorToBatchMajor } from './layout.js';
import type { CtcOptions, ResolvedCtcOptions } from './options.js';
import type { CtcOut } from './out-arrays.js';
import { validateCtcCall, type ValidateCtcCallExtras } from './validate.js';

/** How a backend wants its inputs handed over by `acceptCtcCall`. */
export interface CtcInputPolicy {
  /**
   * Copy every input before returning (for a backend that reads them after an await, so that the
   * caller may reuse its arrays as soon as the call returns its promise). Default false: the
   * backend must consume the inputs synchronously.
   */
  readonly snapshot?: boolean;
  /** Hand over logits and direction as Float32Array (see `logitsToFloat32`); default false. */
  readonly float32?: boolean;
}

/** A validated call, batch-major whatever the caller's layout. */
export interface AcceptedCtcCall {
  readonly fn: string;
  /** logits [B, T, C]; arrays of this realm on plain (not shared) ArrayBuffers. */
  readonly batch: CtcBatch;
  /** timeMajor as the caller gave it: outputs go back through `toCallerLayout`. */
  readonly options: ResolvedCtcOptions;
  /** [B, T, C] */
  readonly direction?: FloatArray;
  /**
   * The caller's arrays for the results (options.out, checked) that have the backend's float type,
   * on batch-major calls through defineCtcBackend: a core may write its results there and return
   * these arrays (else they are copied in after it returns).
   */
  readonly out?: CtcOut;
}

/**
 * Validates a call (`validateCtcCall`) and hands over its inputs batch-major: time-major logits and
 * direction [T, B, C] are transposed to [B, T, C]; arrays from another realm or on a
 * SharedArrayBuffer are copied into plain arrays of this realm; with `policy.snapshot` every input
 * is a copy; with `policy.float32` logits and direction are Float32Array.
 */
export function acceptCtcCall(
  fn: string,
  batch: CtcBatch,
  options: CtcOptions | undefined,
  direction: FloatArray | undefined,
  policy: CtcInputPolicy = {},
  extras: ValidateCtcCallExtras = {},
): AcceptedCtcCall {
  const resolved = validateCtcCall(fn, batch, options, direction, extras);
  const { B, T, C } = batch.dims;
  const copyAll = policy.snapshot ?? false;
  // a Float64Array given to a float32 policy is copied by the conversion anyway
  const float = (x: FloatArray): FloatArray =>
    resolved.timeMajor ? timeMajorToBatchMajor(plain(x, false), T, B, C) : plain(x, copyAll && !(policy.float32 && isFloat64(x)));
  let logits = float(batch.logits);
  if (policy.float32) logits = logitsToFloat32(fn, logits, C, resolved.inputs);
  let dir = direction === undefined ? undefined : float(direction);
  if (dir && policy.float32) dir = directionToFloat32(fn, dir);
  return {
    fn,
    batch: {
      logits,
      labels: plain(batch.labels, copyAll),
      labelLength: plain(batch.labelLength, copyAll),
      logitLength: plain(batch.logitLength, copyAll),
      dims: { B, T, C, L: batch.dims.L },
    },
    options: resolved,
    direction: dir,
  };
}

type ContractArray = Float32Array | Float64Array | Int32Array;
const CONSTRUCTORS = { Float32Array, Float64Array, Int32Array } as const;

/** x itself, or a copy in a plain array of this realm (when asked, or when x is foreign or shared). */
function plain<A extends ContractArray>(x: A, copy: boolean): A {
  const Local = CONSTRUCTORS[arrayKind(x) as keyof typeof CONSTRUCTORS];
  const foreign = !(x instanceof Local);
  const shared = arrayKind(x.buffer) === 'SharedArrayBuffer';
  return copy || foreign || shared ? (new Local(x as ArrayLike<number>) as A) : x;
}

function isFloat64(x: FloatArray): boolean {
  return arrayKind(x) === 'Float64Array';
}
