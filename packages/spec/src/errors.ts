/** Stable codes of `CtcInputError`. */
export type CtcInputErrorCode =
  | 'SHAPE_MISMATCH'
  | 'LENGTH_OUT_OF_RANGE'
  | 'LABEL_OUT_OF_RANGE'
  | 'BLANK_IN_LABEL'
  | 'BLANK_OUT_OF_RANGE'
  | 'INVALID_OPTION'
  | 'VALUE_OUT_OF_RANGE'
  | 'SIZE_LIMIT';

export const CTC_INPUT_ERROR_CODES: readonly CtcInputErrorCode[] = [
  'SHAPE_MISMATCH',
  'LENGTH_OUT_OF_RANGE',
  'LABEL_OUT_OF_RANGE',
  'BLANK_IN_LABEL',
  'BLANK_OUT_OF_RANGE',
  'INVALID_OPTION',
  'VALUE_OUT_OF_RANGE',
  'SIZE_LIMIT',
];

/** Bad input: thrown before anything is computed. The message names function, argument and numbers. */
export class CtcInputError extends Error {
  override readonly name = 'CtcInputError';
  constructor(
    readonly code: CtcInputErrorCode,
    /** The public function that rejected the call, e.g. 'lossAndGradient'. */
    readonly functionName: string,
    /** The offending argument, e.g. 'labelLength' or 'options.blankIndex'. */
    readonly argument: string,
    message: string,
  ) {
    super(`${functionName}: ${message} [${code}]`);
  }
}

/** The backend lacks a capability (a variant, an input mode, HVP or the full Hessian). */
export class CtcUnsupportedError extends Error {
  override readonly name = 'CtcUnsupportedError';
  constructor(
    readonly backend: string,
    readonly capability: string,
    message?: string,
  ) {
    super(message ?? `backend '${backend}' does not support ${capability}`);
  }
}

/** The backend cannot start in this environment (no GPU adapter, missing native module...). */
export class CtcBackendUnavailableError extends Error {
  override readonly name = 'CtcBackendUnavailableError';
  constructor(
    readonly backend: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`backend '${backend}' is unavailable: ${reason}`, options);
  }
}

/**
 * A call made after `dispose()` began. Calls already in flight when dispose() is called finish
 * (dispose waits for them); every later call rejects with this error.
 */
export class CtcDisposedError extends Error {
  override readonly name = 'CtcDisposedError';
  constructor(
    readonly backend: string,
    /** The method that was called, e.g. 'lossAndGradient'. */
    readonly functionName: string,
  ) {
    super(`${functionName}: backend '${backend}' was disposed`);
  }
}

/** Reads a message from anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
