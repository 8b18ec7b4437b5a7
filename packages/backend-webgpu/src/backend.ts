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
import { BufferPool } from './buffers.js';
import { GpuCall } from './call.js';
import { adapterName, openDevice, type GpuDevice, type WebGpuBackendOptions } from './device.js';
import { assembleHessian } from './hessian.js';
import { finishLoss, prepareBatch } from './prepare.js';
import { compilePrograms, type CtcPrograms } from './programs/index.js';

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

  private constructor(
    private readonly gpu: GpuDevice,
    private readonly programs: CtcPrograms,
  ) {
    this.pool = new BufferPool(gpu.device);
    const a = gpu.adapter.info;
    this.info = {
      adapter: adapterName(a),
      vendor: a.vendor,
      architecture: a.architecture,
      device: a.device,
      description: a.description,
      runtime: gpu.runtime,
      maxStorageBufferBindingSize: gpu.device.limits.maxStorageBufferBindingSize,
    };
    this.contract = defineCtcBackend(
      {
        name: this.name,
        capabilities: this.capabilities,
        info: this.info,
        loss: (call) => this.run(call, async (gpuCall) => finishLoss((await gpuCall.base(false)).ll, gpuCall.prepared, call.options)),
        lossAndGradient: (call) => this.run(call, (gpuCall) => this.first(gpuCall, call.options)),
        hessianVectorProduct: (call) => {
          const direction = Float32Array.from(call.direction); // uploaded after the first pass: a copy
          return this.run(call, async (gpuCall) => {
            const first = await this.first(gpuCall, call.options);
            return { ...first, hvp: await gpuCall.directions(direction, 1) };
          });
        },
        hessian: (call) =>
          this.run(call, async (gpuCall) => {
            const first = await this.first(gpuCall, call.options);
            const limit = this.gpu.device.limits.maxComputeWorkgroupsPerDimension;
            return { ...first, hessian: await assembleHessian(gpuCall, limit) };
          }),
        dispose: async () => {
          this.pool.destroy();
          this.gpu.device.destroy();
        },
      },
      { float32: true },
    );
  }

  static async create(options: WebGpuBackendOptions = {}): Promise<WebGpuCtcBackend> {
    const gpu = await openDevice(options);
    try {
      return new WebGpuCtcBackend(gpu, await compilePrograms(gpu.device));
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

  /** Uploads the (validated, batch-major, float32) inputs synchronously, then runs body. */
  private async run<R>({ batch, options: o }: AcceptedCtcCall, body: (call: GpuCall) => Promise<R>): Promise<R> {
    const prepared = prepareBatch(batch, o);
    const call = new GpuCall(this.gpu.device, this.programs, this.pool, prepared, o, prepared.x);
    try {
      return await body(call);
    } finally {
      call.release();
    }
  }
}
