import type { CtcBackend, CtcBatch } from '@seq2seq-losses/spec';

// Backends that break one rule of the call contract each (the input-contract and dispose laws).

/** Forwards every call with option `key` dropped. */
function dropsOption(inner: CtcBackend, key: string): CtcBackend {
  const strip = <O extends object | undefined>(o: O): O => {
    if (!o) return o;
    const { [key]: _ignored, ...rest } = o as Record<string, unknown>;
    return rest as O;
  };
  return {
    ...inner,
    loss: (b, o) => inner.loss(b, strip(o)),
    lossAndGradient: (b, o) => inner.lossAndGradient(b, strip(o)),
    hessianVectorProduct: (b, d, o) => inner.hessianVectorProduct(b, d, strip(o)),
    hessian: (b, o) => inner.hessian(b, strip(o)),
  };
}

/** Forwards every call with `timeMajor` dropped: time-major logits are read as batch-major. */
export function ignoresTimeMajor(inner: CtcBackend): CtcBackend {
  return dropsOption(inner, 'timeMajor');
}

/** Reads its inputs one tick after the call returned (as onnx and the tfjs adapter once did). */
export function readsAfterAwait(inner: CtcBackend): CtcBackend {
  const later = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    ...inner,
    loss: async (b, o) => (await later(), inner.loss(b, o)),
    lossAndGradient: async (b, o) => (await later(), inner.lossAndGradient(b, o)),
    hessianVectorProduct: async (b, d, o) => (await later(), inner.hessianVectorProduct(b, d, o)),
    hessian: async (b, o) => (await later(), inner.hessian(b, o)),
  };
}

/** Checks its arrays with instanceof and refuses shared buffers (a bare Error, as ORT did). */
export function picky(inner: CtcBackend): CtcBackend {
  const check = (b: CtcBatch) => {
    if (!(b.logits instanceof Float32Array || b.logits instanceof Float64Array)) throw new TypeError('expected `logits` to be a Float32Array or Float64Array');
    if (b.logits.buffer instanceof SharedArrayBuffer) throw new Error('Invalid argument');
  };
  return {
    ...inner,
    loss: async (b, o) => (check(b), inner.loss(b, o)),
    lossAndGradient: async (b, o) => (check(b), inner.lossAndGradient(b, o)),
    hessianVectorProduct: async (b, d, o) => (check(b), inner.hessianVectorProduct(b, d, o)),
    hessian: async (b, o) => (check(b), inner.hessian(b, o)),
  };
}

/** Rounds float64 logits to float32 (1e300 -> inf) before computing. */
export function naiveFloat32(inner: CtcBackend): CtcBackend {
  const round = (b: CtcBatch): CtcBatch => ({ ...b, logits: Float64Array.from(Float32Array.from(b.logits)) });
  return {
    ...inner,
    loss: (b, o) => inner.loss(round(b), o),
    lossAndGradient: (b, o) => inner.lossAndGradient(round(b), o),
    hessianVectorProduct: (b, d, o) => inner.hessianVectorProduct(round(b), d, o),
    hessian: (b, o) => inner.hessian(round(b), o),
  };
}

/** Allocates the Hessian before checking its size: a plain RangeError. */
export function allocatesHessian(inner: CtcBackend): CtcBackend {
  return {
    ...inner,
    hessian: async (b, o) => {
      const { B, T, C } = b.dims;
      new Float64Array(B * T * C * T * C);
      return inner.hessian(b, o);
    },
  };
}

/** A backend whose dispose() drops calls in flight and keeps computing afterwards. */
export function sloppyDispose(inner: CtcBackend): CtcBackend {
  let disposed = false;
  return {
    ...inner,
    lossAndGradient: async (b, o) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (disposed) throw new Error('Session already disposed.');
      return inner.lossAndGradient(b, o);
    },
    dispose: async () => {
      disposed = true;
    },
  };
}

/** When one call in flight fails, every call still in flight rejects with its error (shared failure state). */
export function failsTogether(inner: CtcBackend): CtcBackend {
  const inFlight = new Set<(error: unknown) => void>();
  const wrap = <R>(run: () => Promise<R>): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      inFlight.add(reject);
      run().then(
        (value) => {
          inFlight.delete(reject);
          resolve(value);
        },
        (error) => {
          for (const other of inFlight) other(error);
          inFlight.clear();
          reject(error);
        },
      );
    });
  return {
    ...inner,
    loss: (b, o) => wrap(() => inner.loss(b, o)),
    lossAndGradient: (b, o) => wrap(() => inner.lossAndGradient(b, o)),
    hessianVectorProduct: (b, d, o) => wrap(() => inner.hessianVectorProduct(b, d, o)),
    hessian: (b, o) => wrap(() => inner.hessian(b, o)),
  };
}

/** Writes into the caller's logits (an in-place log-softmax). */
export function writesInputs(inner: CtcBackend): CtcBackend {
  const clobber = (b: CtcBatch) => {
    const copy = { ...b, logits: b.logits.slice() };
    b.logits.fill(0);
    return copy;
  };
  return {
    ...inner,
    loss: (b, o) => inner.loss(clobber(b), o),
    lossAndGradient: (b, o) => inner.lossAndGradient(clobber(b), o),
    hessianVectorProduct: (b, d, o) => inner.hessianVectorProduct(clobber(b), d, o),
    hessian: (b, o) => inner.hessian(clobber(b), o),
  };
}

/** Takes `options.out` but returns fresh arrays and leaves the caller's untouched. */
export function ignoresOut(inner: CtcBackend): CtcBackend {
  return dropsOption(inner, 'out');
}
