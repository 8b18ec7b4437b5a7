import { CtcInputError, type CtcBackend, type CtcBatch, type CtcOptions, type FloatArray } from '@seq2seq-losses/spec';

/** A backend that forwards to `inner` with some methods replaced: each wrapper breaks one rule. */
function wrap(inner: CtcBackend, name: string, patch: Partial<CtcBackend>): CtcBackend {
  return {
    name,
    capabilities: inner.capabilities,
    info: inner.info,
    loss: (b, o) => inner.loss(b, o),
    lossAndGradient: (b, o) => inner.lossAndGradient(b, o),
    hessianVectorProduct: (b, d, o) => inner.hessianVectorProduct(b, d, o),
    hessian: (b, o) => inner.hessian(b, o),
    dispose: () => inner.dispose(),
    ...patch,
  };
}

/** Adds 1e-3 to the first gradient element of every lossAndGradient result. */
export function gradientOff(inner: CtcBackend): CtcBackend {
  return wrap(inner, 'gradient-off', {
    async lossAndGradient(b, o) {
      const r = await inner.lossAndGradient(b, o);
      const gradient = Float64Array.from(r.gradient);
      if (gradient.length > 0) gradient[0] += 1e-3;
      return { loss: r.loss, gradient };
    },
  });
}

/** Reads padded frames: loss[b] += 0 * sum of logits at t >= T_b (NaN once padding holds NaN/inf). */
export function readsPadding(inner: CtcBackend): CtcBackend {
  const taint = (batch: CtcBatch, loss: FloatArray) => {
    const { B, T, C } = batch.dims;
    const out = Float64Array.from(loss);
    for (let b = 0; b < B; b++) {
      for (let i = (b * T + batch.logitLength[b]) * C; i < (b + 1) * T * C; i++) out[b] += 0 * batch.logits[i];
    }
    return out;
  };
  return wrap(inner, 'reads-padding', {
    loss: async (b, o) => taint(b, await inner.loss(b, o)),
    async lossAndGradient(b, o) {
      const r = await inner.lossAndGradient(b, o);
      return { loss: taint(b, r.loss), gradient: r.gradient };
    },
  });
}

/** Rethrows every CtcInputError as SHAPE_MISMATCH. */
export function wrongErrorCode(inner: CtcBackend): CtcBackend {
  const recode = async <R>(call: () => Promise<R>): Promise<R> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof CtcInputError) throw new CtcInputError('SHAPE_MISMATCH', error.functionName, error.argument, error.message);
      throw error;
    }
  };
  return wrap(inner, 'wrong-error-code', {
    loss: (b, o) => recode(() => inner.loss(b, o)),
    lossAndGradient: (b, o) => recode(() => inner.lossAndGradient(b, o)),
    hessianVectorProduct: (b, d, o) => recode(() => inner.hessianVectorProduct(b, d, o)),
    hessian: (b, o) => recode(() => inner.hessian(b, o)),
  });
}

/** Every other call's losses are one ulp-ish (relative 1e-15) larger: not bitwise reproducible. */
export function nonDeterministic(inner: CtcBackend): CtcBackend {
  let calls = 0;
  return wrap(inner, 'non-deterministic', {
    async lossAndGradient(b, o) {
      const r = await inner.lossAndGradient(b, o);
      const jitter = calls++ % 2 === 0 ? 0 : 1e-15;
      return { loss: r.loss.map((x) => x * (1 + jitter)), gradient: r.gradient };
    },
  });
}

/** Adds 1e-6 * B to every loss: items depend on the batch size. */
export function batchDependent(inner: CtcBackend): CtcBackend {
  return wrap(inner, 'batch-dependent', {
    async lossAndGradient(b, o) {
      const r = await inner.lossAndGradient(b, o);
      return { loss: r.loss.map((x) => x + 1e-6 * b.dims.B), gradient: r.gradient };
    },
    async hessianVectorProduct(b, d, o) {
      const r = await inner.hessianVectorProduct(b, d, o);
      return { ...r, loss: r.loss.map((x) => x + 1e-6 * b.dims.B) };
    },
  });
}

/** HVP with 1e-3 added to its first element (breaks agreement, linearity and symmetry). */
export function hvpOff(inner: CtcBackend): CtcBackend {
  return wrap(inner, 'hvp-off', {
    async hessianVectorProduct(b: CtcBatch, d: FloatArray, o?: CtcOptions) {
      const r = await inner.hessianVectorProduct(b, d, o);
      const hvp = Float64Array.from(r.hvp);
      if (hvp.length > 0) hvp[0] += 1e-3;
      return { ...r, hvp };
    },
  });
}

/** Returns a result of zeros instead of rejecting bad input. */
export function acceptsAnything(inner: CtcBackend): CtcBackend {
  return wrap(inner, 'accepts-anything', {
    loss: async (b) => new Float64Array(Math.max(0, b.labelLength?.length ?? 0)),
  });
}

/** Declares fewer capabilities than it has. */
export function withCapabilities(inner: CtcBackend, caps: Partial<CtcBackend['capabilities']>): CtcBackend {
  return { ...wrap(inner, 'restricted', {}), capabilities: { ...inner.capabilities, ...caps } };
}

/** On items with a loss above 1e3 (an alignment through huge entries), adds 0.5 to the first entry of every gradient row. */
export function hugeRowsOff(inner: CtcBackend): CtcBackend {
  return wrap(inner, 'huge-rows-off', {
    async lossAndGradient(b, o) {
      const r = await inner.lossAndGradient(b, o);
      const { B, T, C } = b.dims;
      const gradient = Float64Array.from(r.gradient);
      for (let i = 0; i < B; i++) if (r.loss[i] > 1e3 && Number.isFinite(r.loss[i])) for (let t = 0; t < b.logitLength[i]; t++) gradient[(i * T + t) * C] += 0.5;
      return { loss: r.loss, gradient };
    },
  });
}

/** Shares state between calls: a lossAndGradient that overlaps another call gets loss + 1e-12. */
export function racesWhenConcurrent(inner: CtcBackend): CtcBackend {
  let inFlight = 0;
  return wrap(inner, 'races-when-concurrent', {
    async lossAndGradient(b, o) {
      inFlight++;
      try {
        await new Promise((resolve) => setTimeout(resolve, 1));
        const r = await inner.lossAndGradient(b, o);
        const loss = Float64Array.from(r.loss, (v) => (inFlight > 1 ? v + 1e-12 : v));
        return { loss, gradient: r.gradient };
      } finally {
        inFlight--;
      }
    },
  });
}
