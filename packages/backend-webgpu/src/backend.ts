import { withExactHugeSamples } from '@seq2seq-losses/reference-cpu';
import {
  defineCtcBackend,
  type AcceptedCtcCall,
  type CtcBackend,
  type CtcBackendInfo,
  type CtcBatch,
  type CtcCapabilities,
  type CtcHessian,
  type CtcHessianVectorProduct,
  type CtcLossAndGradient,
  type CtcOptions,
  type FloatArray,
  type ResolvedCtcOptions,
} from '@seq2seq-losses/spec';
import { planSubBatches, type SampleRange } from './batch-plan.js';
import { BufferPool } from './buffers.js';
import { GpuCall } from './call.js';
import { adapterName, bindingLimit, openDevice, type GpuDevice, type WebGpuBackendOptions } from './device.js';
import { assembleHessian } from './hessian.js';
import { finishLoss, prepareBatch } from './prepare.js';
import { compilePrograms, type CtcPrograms } from './programs/index.js';
import { concatResults, sliceBatch } from './sub-batches.js';

const CAPABILITIES: CtcCapabilities = {
  precision: 'float32',
  variants: ['classic', 'simplified'],
  inputModes: ['logits', 'logProbs'],
  hessianVectorProduct: true,
  hessian: true,
};

/**
 * CTC on WebGPU: WGSL passes in float32 (see README for the passes and their math). The call
 * contract (validation, float32 conversion, timeMajor, dispose) is spec's `defineCtcBackend`
 * around the computations below, which consume their inputs before the first await.
 */
export class WebGpuCtcBackend implements CtcBackend {
  readonly name = 'webgpu';
  readonly capabilities = CAPABILITIES;
  readonly info: CtcBackendInfo;
  private readonly pool: BufferPool;
  private readonly contract: CtcBackend;
  /** Bytes one storage binding may hold (the device's limit, or less when asked). */
  private readonly limit: number;

  private constructor(
    private readonly gpu: GpuDevice,
    private readonly programs: CtcPrograms,
    options: WebGpuBackendOptions,
  ) {
    this.limit = bindingLimit(gpu.device, options);
    this.pool = new BufferPool(gpu.device);
    const a = gpu.adapter.info;
    this.info = {
      adapter: adapterName(a),
      vendor: a.vendor,
      architecture: a.architecture,
      device: a.device,
      description: a.description,
      runtime: gpu.runtime,
      maxStorageBufferBindingSize: this.limit,
    };
    // Samples with huge lattice log-probabilities (1e30 next to 0.5, beyond float32) get
    // reference-cpu's exact results; it reads the call after the GPU's awaits, hence the snapshot.
    this.contract = defineCtcBackend(
      withExactHugeSamples({
        name: this.name,
        capabilities: this.capabilities,
        info: this.info,
        loss: (call) => this.run(call, async (gpuCall) => finishLoss((await gpuCall.base(false)).ll, gpuCall.prepared, call.options)),
        lossAndGradient: (call) => this.run(call, (gpuCall) => this.first(gpuCall, call.options)),
        hessianVectorProduct: (call) => {
          // uploaded after the first pass: the snapshot policy's float32 copy, the caller's array is not read
          const direction = call.direction as Float32Array;
          const TC = call.batch.dims.T * call.batch.dims.C;
          return this.run(call, async (gpuCall, { b0, b1 }) => {
            const first = await this.first(gpuCall, call.options);
            return { ...first, hvp: await gpuCall.directions(direction.subarray(b0 * TC, b1 * TC), 1) };
          });
        },
        hessian: (call) =>
          this.run(call, async (gpuCall) => {
            const first = await this.first(gpuCall, call.options);
            return { ...first, hessian: await assembleHessian(gpuCall) };
          }),
        dispose: async () => {
          this.pool.destroy();
          this.gpu.device.destroy();
        },
      }),
      { float32: true, snapshot: true },
    );
  }

  static async create(options: WebGpuBackendOptions = {}): Promise<WebGpuCtcBackend> {
    const gpu = await openDevice(options);
    try {
      return new WebGpuCtcBackend(gpu, await compilePrograms(gpu.device), options);
    } catch (error) {
      gpu.device.destroy();
      throw error;
    }
  }

  loss(batch: CtcBatch, options?: CtcOptions): Promise<FloatArray> {
    return this.contract.loss(batch, options);
  }

  lossAndGradient(batch: CtcBatch, options?: CtcOptions): Promise<CtcLossAndGradient> {
    return this.contract.lossAndGradient(batch, options);
  }

  hessianVectorProduct(batch: CtcBatch, direction: FloatArray, options?: CtcOptions): Promise<CtcHessianVectorProduct> {
    return this.contract.hessianVectorProduct(batch, direction, options);
  }

  hessian(batch: CtcBatch, options?: CtcOptions): Promise<CtcHessian> {
    return this.contract.hessian(batch, options);
  }

  dispose(): Promise<void> {
    return this.contract.dispose();
  }

  private async first(call: GpuCall, o: ResolvedCtcOptions): Promise<CtcLossAndGradient> {
    const { ll, gradient } = await call.base(true);
    return { loss: finishLoss(ll, call.prepared, o), gradient: gradient! };
  }

  /**
   * Runs `body` on each sub-batch that fits the binding limit (batch-plan.ts), in order, and joins
   * the results. Inputs are validated, batch-major and float32 (defineCtcBackend's float32 policy);
   * each sub-batch is uploaded before its first await.
   */
  private async run<R extends object>({ batch, options: o }: AcceptedCtcCall, body: (call: GpuCall, samples: SampleRange) => Promise<R>): Promise<R> {
    const maxSamples = Math.floor(this.gpu.device.limits.maxComputeWorkgroupsPerDimension / 2);
    const ranges = planSubBatches(batch.dims, batch.labelLength, { limit: this.limit, maxSamples });
    const slices = ranges.map((range) => (ranges.length === 1 ? batch : sliceBatch(batch, range))); // the call's own copies (snapshot policy)
    const parts: R[] = [];
    for (let i = 0; i < ranges.length; i++) {
      const prepared = prepareBatch(slices[i], o);
      const call = new GpuCall(this.gpu.device, this.programs, this.pool, prepared, o, prepared.x, this.limit);
      try {
        parts.push(await body(call, ranges[i]));
      } catch (error) {
        call.discard(); // a failed call keeps no buffers
        throw error;
      }
      call.release();
    }
    return concatResults(parts);
  }
}
