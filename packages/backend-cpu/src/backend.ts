import { defineCtcBackend, type AcceptedCtcCall, type CtcBackend, type CtcBatch, type FloatArray } from '@seq2seq-losses/spec';
import { SharedArena } from './arena.js';
import { jobBuffers, type FloatType } from './job.js';
import { WorkerPool } from './pool.js';
import { platform } from '#platform';
import { allocateOutputs, runSamples, sequential, threadWorkspace, type JobKind } from './run-samples.js';
import type { SampleOutputs } from './sample.js';
import { directOutputs } from './direct-outputs.js';
import { solveCallerShare } from './caller-share.js';
import { buildJob, sampleCost } from './shared-job.js';
import { kernelsReady, type KernelKind } from './wasm/load.js';

export interface CpuBackendOptions {
  /**
   * Float type of the outputs; default 'float32' (the arithmetic is float64 inside either way, so
   * float32 costs no accuracy beyond the final rounding and halves the memory of the outputs; for
   * float32 logits and C > 2U + 1 the softmax entries below 1/64 of their frame's sum take a float32
   * exp, < 4e-9 absolute).
   */
  readonly precision?: 'float32' | 'float64';
  /** Worker threads; default os.availableParallelism() in Node. 1 runs on the calling thread. */
  readonly threads?: number;
  /**
   * Calls whose estimated work (sum over samples of T_b * (2 U_b + 1 + C)) is below this run on the
   * calling thread: posting to workers costs more than it saves. Default 20000; 0 always uses workers.
   */
  readonly inlineBelow?: number;
  /**
   * The worker entry's URL (or, in Node, path), for bundles whose tool does not emit it (esbuild):
   * a copy of the self-contained `dist/worker-browser.js` (browsers) or `dist/worker.js` (Node).
   * Default: the file next to this module, which Vite and webpack 5 find and emit.
   */
  readonly workerUrl?: string | URL;
  /**
   * Loops of the dense per-frame work: 'wasm-simd' (default where WebAssembly SIMD is available)
   * or 'js' (the JavaScript loops; also forced by the environment variable
   * SEQ2SEQ_LOSSES_CPU_KERNELS=js in Node).
   */
  readonly kernels?: KernelKind;
}

const DEFAULT_INLINE_BELOW = 20_000;

/** Copies of a call's arrays (the caller may reuse its own once the call has returned its promise). */
function snapshotInputs(batch: CtcBatch, direction: FloatArray | undefined): { batch: CtcBatch; direction: FloatArray | undefined } {
  return {
    batch: { ...batch, logits: batch.logits.slice(), labels: batch.labels.slice(), labelLength: batch.labelLength.slice(), logitLength: batch.logitLength.slice() },
    direction: direction?.slice(),
  };
}

/**
 * The fast CPU backend: probability-space forward-backward with per-frame rescaling and pruning
 * of dead states, an exact log-space fallback per sample, samples spread over worker threads.
 * Name 'cpu' (float32 outputs) or 'cpu-f64' (float64 outputs).
 */
export async function createBackend(options: CpuBackendOptions = {}): Promise<CtcBackend> {
  const precision = options.precision ?? 'float32';
  if (precision !== 'float32' && precision !== 'float64') {
    throw new TypeError(`createBackend: expected \`precision\` to be 'float32' or 'float64', got ${JSON.stringify(precision)}`);
  }
  const requested = options.threads ?? platform.defaultThreads();
  if (!Number.isInteger(requested) || requested < 1) {
    throw new TypeError(`createBackend: expected \`threads\` to be a positive integer, got ${String(options.threads)}`);
  }
  const inlineBelow = options.inlineBelow ?? DEFAULT_INLINE_BELOW;
  if (typeof inlineBelow !== 'number' || !(inlineBelow >= 0)) {
    throw new TypeError(`createBackend: expected \`inlineBelow\` to be a number >= 0, got ${String(options.inlineBelow)}`);
  }
  if (options.kernels !== undefined && options.kernels !== 'wasm-simd' && options.kernels !== 'js') {
    throw new TypeError(`createBackend: expected \`kernels\` to be 'wasm-simd' or 'js', got ${JSON.stringify(options.kernels)}`);
  }
  // a browser's main thread compiles the module asynchronously: wait, so every thread runs the same loops
  const kernels: KernelKind = options.kernels !== 'js' && (await kernelsReady()) ? 'wasm-simd' : 'js';
  const threading = platform.workers(options.workerUrl);
  const threads = threading.spawn ? requested : 1; // e.g. a browser page that is not cross-origin isolated: inline
  // the calling thread computes a share too: threads - 1 workers
  const pool = threading.spawn && threads > 1 ? new WorkerPool(threads - 1, threading.spawn) : null;
  const make = precision === 'float32' ? (n: number) => new Float32Array(n) : (n: number) => new Float64Array(n);
  const arena = new SharedArena();
  const seenOut = new WeakSet<SharedArrayBuffer>(); // options.out buffers of earlier calls (direct-outputs.ts)
  let nextId = 1;

  /** A validated batch-major call: inline, or copied into a shared job before the first await. */
  const run = async (kind: JobKind, call: AcceptedCtcCall): Promise<SampleOutputs> => {
    const { fn, options: opts } = call;
    let { batch, direction } = call;
    const { B } = batch.dims;
    let work = 0;
    for (let b = 0; b < B; b++) work += sampleCost(batch, b);
    if (!pool || B < 2 || work < inlineBelow) {
      const out = allocateOutputs(kind, batch.dims, make, direction ?? null, call.out);
      runSamples(batch, opts, out, sequential(B), threadWorkspace(kernels));
      return out;
    }
    if (!pool.started) {
      // the first call waits for the threads: it reads the caller's arrays after that await, so it
      // takes copies (later calls read them synchronously, before they return their promise)
      ({ batch, direction } = snapshotInputs(batch, direction));
      await pool.ready();
    }
    const direct = directOutputs(call.out, seenOut);
    const job = buildJob(arena, nextId++, kind, batch, opts, precision as FloatType, direction ?? null, kernels, direct);
    const used = Math.min(threads, B) - 1;
    const workers = pool.post(job, used);
    // This thread's share goes straight into the result arrays, from the caller's arrays; it feeds
    // the workers their inputs and copies out their finished samples meanwhile (caller-share.ts).
    const result = allocateOutputs(kind, batch.dims, make, null, call.out);
    let own: { finish: () => void };
    try {
      own = solveCallerShare(job, batch, opts, direction ?? null, result, used, threadWorkspace(kernels));
    } catch (error) {
      await workers.catch(() => {}); // they have all their inputs: let them finish before failing
      throw new Error(`backend-cpu: ${fn} failed on the calling thread: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    await workers; // on failure the buffers are dropped, not reused
    own.finish();
    const caller = new Set<SharedArrayBuffer>(Object.values(direct));
    arena.release(jobBuffers(job).filter((b) => b === null || !caller.has(b)));
    return result;
  };

  const name = precision === 'float32' ? 'cpu' : 'cpu-f64';
  return defineCtcBackend({
    name,
    capabilities: {
      precision,
      variants: ['classic', 'simplified'],
      inputModes: ['logits', 'logProbs'],
      hessianVectorProduct: true,
      hessian: true,
    },
    info: {
      threads,
      precision,
      arithmetic: 'float64',
      parallelism: threading.spawn ? (pool ? threading.parallelism : 'inline') : threading.inline,
      inlineBelow,
      kernels,
      algorithm: 'probability-space forward-backward with per-frame rescaling, log-space fallback per sample',
    },
    async loss(call) {
      return (await run('loss', call)).loss;
    },
    async lossAndGradient(call) {
      const out = await run('gradient', call);
      return { loss: out.loss, gradient: out.gradient! };
    },
    async hessianVectorProduct(call) {
      const out = await run('hvp', call);
      return { loss: out.loss, gradient: out.gradient!, hvp: out.hvp! };
    },
    async hessian(call) {
      const out = await run('hessian', call);
      return { loss: out.loss, gradient: out.gradient!, hessian: out.hessian! };
    },
    async dispose() {
      // defineCtcBackend calls this once, after every call in flight has settled
      arena.clear();
      await pool?.terminate();
    },
  });
}
