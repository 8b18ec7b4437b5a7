import { defineCtcBackend, type AcceptedCtcCall, type CtcBackend } from '@seq2seq-losses/spec';
import { SharedArena } from './arena.js';
import { jobBuffers, type FloatType } from './job.js';
import { WorkerPool } from './pool.js';
import { platform } from '#platform';
import { allocateOutputs, runSamples, sequential, threadWorkspace, type JobKind } from './run-samples.js';
import type { SampleOutputs } from './sample.js';
import { buildJob, copySampleOut, sampleCost } from './shared-job.js';
import { answerJob } from './solve-job.js';
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
  let nextId = 1;

  /** A validated batch-major call: inline, or copied into a shared job before the first await. */
  const run = async (kind: JobKind, { fn, batch, options: opts, direction }: AcceptedCtcCall): Promise<SampleOutputs> => {
    const { B } = batch.dims;
    let work = 0;
    for (let b = 0; b < B; b++) work += sampleCost(batch, b);
    if (!pool || B < 2 || work < inlineBelow) {
      const out = allocateOutputs(kind, batch.dims, make, direction ?? null);
      runSamples(batch, opts, out, sequential(B), threadWorkspace(kernels));
      return out;
    }
    const job = buildJob(arena, nextId++, kind, batch, opts, precision as FloatType, direction ?? null, kernels);
    await pool.ready();
    const workers = pool.post(job, Math.min(threads, B) - 1);
    // This thread's share goes straight into the result arrays; between its samples it copies out
    // the samples the workers finished (so the copy-out is shared out too: the workers take more
    // samples meanwhile), and the rest once they are all done.
    const result = allocateOutputs(kind, batch.dims, make, null);
    const copied = new Uint8Array(B);
    const done = new Int32Array(job.done, 0, B);
    const copyFinished = () => {
      for (let b = 0; b < B; b++) {
        if (copied[b] === 0 && Atomics.load(done, b) === 1) {
          copySampleOut(job, result, b);
          copied[b] = 1;
        }
      }
    };
    const own = answerJob(job, result, (b) => {
      copied[b] = 1; // computed here, into result
      copyFinished();
    });
    await workers; // on failure the buffers are dropped, not reused
    if (own.error !== undefined) throw new Error(`backend-cpu: ${fn} failed on the calling thread: ${own.error}`);
    copyFinished();
    arena.release(jobBuffers(job));
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
