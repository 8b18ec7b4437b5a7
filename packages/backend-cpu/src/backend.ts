import {
  validateCtcCall,
  type CtcBackend,
  type CtcBatch,
  type CtcOptions,
  type FloatArray,
  type ResolvedCtcOptions,
} from '@seq2seq-losses/spec';
import { SharedArena } from './arena.js';
import { canShareWithWebWorkers, defaultThreads, isNode } from './environment.js';
import { jobBuffers, type FloatType } from './job.js';
import { WorkerPool } from './pool.js';
import { spawnNodeThread, spawnWebThread } from './threads.js';
import { allocateOutputs, runSamples, sequential, threadWorkspace, type JobKind } from './run-samples.js';
import { kernelsReady, type KernelKind } from './wasm/load.js';
import type { SampleOutputs } from './sample.js';
import { buildJob, copySampleOut, sampleCost } from './shared-job.js';
import { answerJob } from './solve-job.js';

export interface CpuBackendOptions {
  /**
   * Float type of the outputs; default 'float32' (the arithmetic is float64 inside either way, so
   * float32 costs no accuracy beyond the final rounding and halves the memory of the outputs).
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
  const requested = options.threads ?? (await defaultThreads());
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
  const node = isNode();
  const web = canShareWithWebWorkers();
  const threads = node || web ? requested : 1; // a browser page that is not cross-origin isolated: inline
  // the calling thread computes a share too: threads - 1 workers
  const pool = threads > 1 ? new WorkerPool(threads - 1, node ? spawnNodeThread : spawnWebThread) : null;
  const make = precision === 'float32' ? (n: number) => new Float32Array(n) : (n: number) => new Float64Array(n);
  const arena = new SharedArena();
  let disposed = false;
  let nextId = 1;

  const run = async (
    fn: string,
    kind: JobKind,
    batch: CtcBatch,
    options: CtcOptions | undefined,
    direction?: FloatArray,
  ): Promise<SampleOutputs> => {
    const opts: ResolvedCtcOptions = validateCtcCall(fn, batch, options, direction);
    if (disposed) throw new Error(`${fn}: backend '${name}' was disposed`);
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
    if (disposed) throw new Error(`${fn}: backend '${name}' was disposed`);
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
    if (!disposed) arena.release(jobBuffers(job));
    return result;
  };

  const name = precision === 'float32' ? 'cpu' : 'cpu-f64';
  return {
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
      parallelism: pool ? (node ? 'worker_threads' : 'web-workers') : node || web ? 'inline' : 'inline (page not cross-origin isolated)',
      inlineBelow,
      kernels,
      algorithm: 'probability-space forward-backward with per-frame rescaling, log-space fallback per sample',
    },
    async loss(batch, options) {
      return (await run('loss', 'loss', batch, options)).loss;
    },
    async lossAndGradient(batch, options) {
      const out = await run('lossAndGradient', 'gradient', batch, options);
      return { loss: out.loss, gradient: out.gradient! };
    },
    async hessianVectorProduct(batch, direction, options) {
      const out = await run('hessianVectorProduct', 'hvp', batch, options, direction);
      return { loss: out.loss, gradient: out.gradient!, hvp: out.hvp! };
    },
    async hessian(batch, options) {
      const out = await run('hessian', 'hessian', batch, options);
      return { loss: out.loss, gradient: out.gradient!, hessian: out.hessian! };
    },
    async dispose() {
      disposed = true;
      arena.clear();
      await pool?.terminate();
    },
  };
}
