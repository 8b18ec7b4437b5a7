import { withExactHugeSamples } from '@seq2seq-losses/reference-cpu';
import * as ort from 'onnxruntime-node';
import {
  CtcBackendUnavailableError,
  CtcInputError,
  defineCtcBackend,
  describeError,
  lossRule,
  type AcceptedCtcCall,
  type CtcBackend,
  type CtcBatch,
  type CtcCapabilities,
  type FloatArray,
} from '@seq2seq-losses/spec';
import { toFeeds } from './feeds.js';
import { OUTPUT } from './graph/io-names.js';
import type { OnnxCtcOp } from './graph/models.js';
import { assembleHessian } from './hessian.js';
import type { OnnxDtype } from './onnx/proto.js';
import { SessionCache } from './session-cache.js';
import { emptyFrameResult } from './trivial.js';

export interface OnnxBackendOptions {
  /** 'float32' (backend 'onnx', default) or 'float64' (backend 'onnx-f64'). */
  readonly dtype?: OnnxDtype;
  /** ORT execution providers in order of preference; default ['cpu']. 'webgpu' needs a GPU adapter. */
  readonly executionProviders?: readonly string[];
  /**
   * ORT intra-op threads; default 0: ORT's choice (one per core) for the HVP models and 1 for the
   * loss and loss+gradient models (latency-bound chains of small nodes in the probability-space Scans;
   * see session-cache.ts): B=256 T=255 loss+gradient took 276 ms with 1 thread, 300 ms with 2.
   */
  readonly intraOpNumThreads?: number;
  /** Let idle ORT threads spin (lower latency on an idle machine, much slower on a busy one); default false. */
  readonly allowSpinning?: boolean;
}

interface RunResult {
  loss: FloatArray;
  gradient: FloatArray;
  hvp: FloatArray;
}

/**
 * CTC loss, gradient and Hessian-vector product as ONNX graphs run by onnxruntime-node.
 * Starts (and checks) one session; throws CtcBackendUnavailableError if ORT or an execution
 * provider cannot start here.
 */
export async function createBackend(options: OnnxBackendOptions = {}): Promise<CtcBackend> {
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new CtcInputError('INVALID_OPTION', 'createBackend', 'options.dtype', `expected \`options.dtype\` to be float32 or float64, got ${String(dtype)}`);
  }
  const name = dtype === 'float64' ? 'onnx-f64' : 'onnx';
  const executionProviders = [...(options.executionProviders ?? ['cpu'])];
  const allowSpinning = options.allowSpinning ?? false;
  const intraOpNumThreads = options.intraOpNumThreads ?? 0;
  const sessions = new SessionCache({ executionProviders, intraOpNumThreads, allowSpinning });
  try {
    await sessions.get({ variant: 'classic', op: 'loss', dtype, inputs: 'logits' });
  } catch (error) {
    await sessions.dispose();
    throw new CtcBackendUnavailableError(name, `onnxruntime-node could not start a session with execution providers [${executionProviders.join(', ')}]: ${describeError(error)}`, { cause: error });
  }

  /** One model run on a validated batch-major call (its inputs are copies: ORT reads them after awaits). */
  async function run(op: OnnxCtcOp, { batch, options: opts, direction }: AcceptedCtcCall): Promise<RunResult> {
    const { B, T } = batch.dims;
    if (B === 0 || T === 0) return emptyFrameResult(batch, opts, dtype);
    const session = await sessions.get({ variant: opts.variant, op, dtype, inputs: opts.inputs });
    const out = await session.run(toFeeds(batch, opts, dtype, direction));
    const loss = out[OUTPUT.loss].data as FloatArray;
    const { infeasibleLoss } = lossRule(opts, true); // the graph reports +inf where no alignment has probability > 0
    for (let b = 0; b < B; b++) if (loss[b] === Infinity) loss[b] = infeasibleLoss;
    const empty = dtype === 'float64' ? new Float64Array(0) : new Float32Array(0);
    return {
      loss,
      gradient: op === 'loss' ? empty : (out[OUTPUT.gradient].data as FloatArray),
      hvp: op === 'hvp' ? (out[OUTPUT.hvp].data as FloatArray) : empty,
    };
  }

  const capabilities: CtcCapabilities = {
    precision: dtype,
    variants: ['classic', 'simplified'],
    inputModes: ['logits', 'logProbs'],
    hessianVectorProduct: true,
    hessian: true,
  };
  // float32: float64 logits are shifted per frame before rounding (spec's logitsToFloat32); samples
  // with huge lattice log-probabilities (1e30 next to 0.5) get reference-cpu's exact results.
  return defineCtcBackend(withExactHugeSamples({
    name,
    capabilities,
    info: {
      runtime: `onnxruntime-node ${ort.env.versions.node ?? ''}`.trim(),
      executionProviders: executionProviders.join(','),
      dtype,
      opset: 17,
      intraOpNumThreads: intraOpNumThreads === 0 ? 'default (loss, loss+gradient: 1; HVP: one per core)' : intraOpNumThreads,
      allowSpinning,
    },
    async loss(call) {
      return (await run('loss', call)).loss;
    },
    async lossAndGradient(call) {
      const { loss, gradient } = await run('lossAndGradient', call);
      return { loss, gradient };
    },
    async hessianVectorProduct(call) {
      return run('hvp', call);
    },
    async hessian(call) {
      const { loss, gradient } = await run('lossAndGradient', call);
      const hvp = (batch: CtcBatch, direction: FloatArray) => run('hvp', { ...call, batch, direction }).then((r) => r.hvp);
      return { loss, gradient, hessian: await assembleHessian(call.batch, dtype, hvp) };
    },
    async dispose() {
      await sessions.dispose();
    },
  }), { snapshot: true, float32: dtype === 'float32' });
}
