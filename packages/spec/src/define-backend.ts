import { acceptCtcCall, type AcceptedCtcCall, type CtcInputPolicy } from './accept-call.js';
import type { CtcBackend, CtcBackendInfo, CtcCapabilities, CtcHessian, CtcHessianVectorProduct, CtcLossAndGradient, PartialCtcBackend } from './backend.js';
import type { CtcBatch, FloatArray } from './batch.js';
import { CtcDisposedError } from './errors.js';
import { checkHessianSize } from './hessian-size.js';
import { toCallerLayout } from './caller-layout.js';
import { checkOutArrays, CTC_OUT_KEYS, deliverInto, outOfPrecision, type CtcCallOptions } from './out-arrays.js';

const OUT_OPTION = ['out'] as const;

/** A validated, batch-major call with its direction [B, T, C] (hessianVectorProduct). */
export interface AcceptedHvpCall extends AcceptedCtcCall {
  readonly direction: FloatArray;
}

/**
 * What a backend implements: the four computations on accepted calls (validated, batch-major,
 * handed over per its `CtcInputPolicy`), and the release of its resources.
 */
export interface CtcBackendCore {
  readonly name: string;
  readonly capabilities: CtcCapabilities;
  readonly info: CtcBackendInfo;
  loss(call: AcceptedCtcCall): Promise<FloatArray>;
  lossAndGradient(call: AcceptedCtcCall): Promise<CtcLossAndGradient>;
  hessianVectorProduct(call: AcceptedHvpCall): Promise<CtcHessianVectorProduct>;
  /** Only called when B·(T·C)² is within MAX_HESSIAN_ELEMENTS. */
  hessian(call: AcceptedCtcCall): Promise<CtcHessian>;
  /** Called once, after every call in flight has settled. */
  dispose(): Promise<void>;
}

/**
 * A core that leaves out second-order methods its capabilities declare false (a backend written
 * elsewhere that offers loss and gradient only): the public backend then has no such method either.
 */
export type PartialCtcBackendCore = Omit<CtcBackendCore, 'hessianVectorProduct' | 'hessian'> &
  Partial<Pick<CtcBackendCore, 'hessianVectorProduct' | 'hessian'>>;

/**
 * The public `CtcBackend` around a core, the one place that implements the call contract:
 * - every method validates (`acceptCtcCall`, named after the method) before any work, and a
 *   rejected call computes nothing; hessianVectorProduct needs its direction; hessian checks its size;
 * - `timeMajor` calls are transposed in ([T, B, C] -> [B, T, C]) and out (gradient and HVP
 *   [T, B, C], Hessian [T, B, C, T, C]);
 * - `options.out` (checkOutArrays) is checked with the rest; the results are delivered into those
 *   arrays (copied, unless the core wrote them there: batch-major calls hand them to the core as
 *   `call.out`) and the call resolves with them;
 * - dispose(): calls in flight finish (dispose waits for them), then the core is released; every
 *   call made after dispose() began rejects with CtcDisposedError; a second dispose() is a no-op
 *   that resolves with the first.
 */
export function defineCtcBackend(core: CtcBackendCore, policy?: CtcInputPolicy): CtcBackend;
export function defineCtcBackend(core: PartialCtcBackendCore, policy?: CtcInputPolicy): PartialCtcBackend;
export function defineCtcBackend(core: PartialCtcBackendCore, policy: CtcInputPolicy = {}): PartialCtcBackend {
  const inFlight = new Set<Promise<unknown>>();
  let disposing: Promise<void> | undefined;

  /** Runs body as a call in flight, unless dispose() began (then CtcDisposedError). */
  const track = async <R>(fn: string, body: () => Promise<R>): Promise<R> => {
    if (disposing) throw new CtcDisposedError(core.name, fn);
    const running = body();
    inFlight.add(running);
    try {
      return await running;
    } finally {
      inFlight.delete(running);
    }
  };

  const { hessianVectorProduct: coreHvp, hessian: coreHessian } = core;
  const precision = core.capabilities.precision;
  /** acceptCtcCall plus options.out: checked, and handed to the core for batch-major calls. */
  const accept = (fn: keyof typeof CTC_OUT_KEYS, batch: CtcBatch, options: CtcCallOptions | undefined, direction?: FloatArray) => {
    const call = acceptCtcCall(fn, batch, options, direction, policy, { requireDirection: fn === 'hessianVectorProduct', extraOptionKeys: OUT_OPTION });
    const out = checkOutArrays(fn, options?.out, CTC_OUT_KEYS[fn], call.batch.dims, { logits: batch?.logits, direction });
    return { call: call.options.timeMajor || !out ? call : { ...call, out: outOfPrecision(out, precision) }, out };
  };
  const backend: PartialCtcBackend = {
    name: core.name,
    capabilities: core.capabilities,
    info: core.info,
    loss: (batch, options) =>
      track('loss', () => {
        const { call, out } = accept('loss', batch, options);
        const loss = core.loss(call);
        return out ? loss.then((l) => deliverInto(out, { loss: l }).loss) : loss;
      }),
    lossAndGradient: (batch, options) =>
      track('lossAndGradient', async () => {
        const { call, out } = accept('lossAndGradient', batch, options);
        const { loss, gradient } = await core.lossAndGradient(call);
        return deliverInto(out, toCallerLayout(call, { loss, gradient }));
      }),
    dispose: () =>
      (disposing ??= (async () => {
        await Promise.allSettled([...inFlight]);
        await core.dispose();
      })()),
  };
  if (coreHvp) {
    backend.hessianVectorProduct = (batch, direction, options) =>
      track('hessianVectorProduct', async () => {
        const { call, out } = accept('hessianVectorProduct', batch, options, direction);
        const { loss, gradient, hvp } = await coreHvp.call(core, call as AcceptedHvpCall);
        return deliverInto(out, toCallerLayout(call, { loss, gradient, hvp }));
      });
  }
  if (coreHessian) {
    backend.hessian = (batch, options) =>
      track('hessian', async () => {
        const { call, out } = accept('hessian', batch, options);
        checkHessianSize('hessian', call.batch.dims);
        const { loss, gradient, hessian } = await coreHessian.call(core, call);
        return deliverInto(out, toCallerLayout(call, { loss, gradient, hessian }));
      });
  }
  return backend;
}
