import {
  validateCtcCall,
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
import { float32Values } from './float32-inputs.js';
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

/** CTC on WebGPU: WGSL passes in float32 (see README for the passes and their math). */
export class WebGpuCtcBackend implements CtcBackend {
  readonly name = 'webgpu';
  readonly capabilities = CAPABILITIES;
  readonly info: CtcBackendInfo;
  private readonly pool: BufferPool;
  /** Bytes one storage binding may hold (the device's limit, or less when asked). */
  private readonly limit: number;
  private disposed = false;

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

  async loss(batch: CtcBatch, options?: CtcOptions): Promise<FloatArray> {
    const o = validateCtcCall('loss', batch, options);
    return this.run(batch, o, async (call) => finishLoss((await call.base(false)).ll, call.prepared, o));
  }

  async lossAndGradient(batch: CtcBatch, options?: CtcOptions): Promise<CtcLossAndGradient> {
    const o = validateCtcCall('lossAndGradient', batch, options);
    return this.run(batch, o, (call) => this.first(call, o));
  }

  async hessianVectorProduct(batch: CtcBatch, direction: FloatArray, options?: CtcOptions): Promise<CtcHessianVectorProduct> {
    const o = validateCtcCall('hessianVectorProduct', batch, options, direction);
    const dir = float32Values(direction, 'direction');
    const TC = batch.dims.T * batch.dims.C;
    return this.run(batch, o, async (call, { b0, b1 }) => {
      const first = await this.first(call, o);
      return { ...first, hvp: await call.directions(dir.subarray(b0 * TC, b1 * TC), 1) };
    });
  }

  async hessian(batch: CtcBatch, options?: CtcOptions): Promise<CtcHessian> {
    const o = validateCtcCall('hessian', batch, options);
    return this.run(batch, o, async (call) => {
      const first = await this.first(call, o);
      return { ...first, hessian: await assembleHessian(call) };
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.pool.destroy();
    this.gpu.device.destroy();
  }

  private async first(call: GpuCall, o: ResolvedCtcOptions): Promise<CtcLossAndGradient> {
    const { ll, gradient } = await call.base(true);
    return { loss: finishLoss(ll, call.prepared, o), gradient: gradient! };
  }

  /** Runs `body` on each sub-batch that fits the binding limit (batch-plan.ts), in order, and joins the results. */
  private async run<R extends object>(batch: CtcBatch, o: ResolvedCtcOptions, body: (call: GpuCall, samples: SampleRange) => Promise<R>): Promise<R> {
    if (this.disposed) throw new Error('webgpu: the backend was disposed');
    const maxSamples = Math.floor(this.gpu.device.limits.maxComputeWorkgroupsPerDimension / 2);
    const ranges = planSubBatches(batch.dims, batch.labelLength, { limit: this.limit, maxSamples });
    const parts: R[] = [];
    for (const range of ranges) {
      const prepared = prepareBatch(ranges.length === 1 ? batch : sliceBatch(batch, range), o);
      const call = new GpuCall(this.gpu.device, this.programs, this.pool, prepared, o, prepared.x, this.limit);
      try {
        parts.push(await body(call, range));
      } catch (error) {
        call.discard(); // a failed call keeps no buffers
        throw error;
      }
      call.release();
    }
    return concatResults(parts);
  }
}
