import type { ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { BufferPool, BufferSet } from './buffers.js';
import { encodeParams } from './params.js';
import type { PreparedBatch } from './prepare.js';
import type { CtcPrograms } from './programs/index.js';

const F32 = 4;

/**
 * One backend call on the GPU: takes a buffer set from the pool, uploads the batch, records the
 * passes, reads results back, and returns the set. Buffers ([B, T, *] row-major, float32):
 * x, z, gradient [B,T,C]; alpha, beta [B,T,S,2] (two-float hi, lo); stats [B] ll then [B,T,2] logZ;
 * dir, hvp [D,B,T,C]; centre [D,B,T]; r, q [D,B,T,S].
 */
export class GpuCall {
  private readonly set: BufferSet;
  private readonly shape: string;
  private readonly BT: number;
  /** [B,4] + [B,L] per-sample metadata and [B,T,C] inputs, uploaded once per call. */
  private readonly meta: GPUBuffer;
  private readonly x: GPUBuffer;

  constructor(
    private readonly device: GPUDevice,
    private readonly programs: CtcPrograms,
    private readonly pool: BufferPool,
    readonly prepared: PreparedBatch,
    private readonly options: ResolvedCtcOptions,
  ) {
    const { B, T, C, L } = prepared.dims;
    this.BT = B * T;
    this.shape = `${B}x${T}x${C}x${L}x${prepared.S}`;
    this.set = pool.acquire(this.shape);
    this.meta = this.storage('meta', prepared.meta.length);
    this.x = this.storage('x', this.BT * C);
    device.queue.writeBuffer(this.meta, 0, prepared.meta);
    device.queue.writeBuffer(this.x, 0, prepared.x);
  }

  private storage(name: string, floats: number): GPUBuffer {
    const bytes = floats * F32;
    const limit = this.device.limits.maxStorageBufferBindingSize;
    if (bytes > limit) {
      throw new RangeError(`webgpu: buffer '${name}' needs ${bytes} bytes, over this device's maxStorageBufferBindingSize ${limit}; split the batch`);
    }
    return this.set.get(name, bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
  }

  private params(D: number): GPUBuffer {
    const data = encodeParams(this.prepared, this.options, D);
    const buffer = this.set.get('params', data.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** log-softmax and forward (for derivatives: forward and backward side by side, then occupancy): ll [B] (and gradient [B,T,C]). */
  async base(gradient: boolean): Promise<{ ll: Float32Array; gradient?: Float32Array }> {
    const { B, C } = this.prepared.dims;
    const S = this.prepared.S;
    const n = { B, T: this.prepared.dims.T, D: 1 }; // grid sizes
    const [params, meta, x] = [this.params(1), this.meta, this.x];
    const z = this.storage('z', this.BT * C);
    const alpha = this.storage('alpha', 2 * this.BT * S);
    const stats = this.storage('stats', B + 2 * this.BT);
    const reads: [string, GPUBuffer, number][] = [['ll', stats, B]];
    const out = await this.submit((pass) => {
      const p = this.programs;
      p.logSoftmax.encode(pass, params, meta, [x, z], n);
      if (!gradient) {
        p.forward.encode(pass, params, meta, [z, alpha, stats], n);
        return;
      }
      const beta = this.storage('beta', 2 * this.BT * S);
      const grad = this.storage('gradient', this.BT * C);
      p.alphaBeta.encode(pass, params, meta, [z, alpha, stats, beta], n);
      p.occupancy.encode(pass, params, meta, [z, alpha, beta, stats, grad], n);
      reads.push(['gradient', grad, this.BT * C]);
    }, reads);
    return { ll: out[0], gradient: out[1] };
  }

  /** Hessian-vector products for D directions [D,B,T,C] at once (after base(true)): [D,B,T,C]. */
  async directions(dir: Float32Array, D: number): Promise<Float32Array> {
    const { B, T, C } = this.prepared.dims;
    const S = this.prepared.S;
    const n = { B, T, D }; // grid sizes
    if (D > this.device.limits.maxComputeWorkgroupsPerDimension) throw new RangeError(`webgpu: ${D} directions in one dispatch`);
    const params = this.params(D);
    const meta = this.meta;
    const [z, alpha, beta, stats] = [this.storage('z', this.BT * C), this.storage('alpha', 2 * this.BT * S), this.storage('beta', 2 * this.BT * S), this.storage('stats', B + 2 * this.BT)];
    const dirBuf = this.storage('dir', D * this.BT * C);
    this.device.queue.writeBuffer(dirBuf, 0, dir);
    const centre = this.storage('centre', D * this.BT);
    const r = this.storage('r', D * this.BT * S);
    const q = this.storage('q', D * this.BT * S);
    const hvp = this.storage('hvp', D * this.BT * C);
    const [out] = await this.submit((pass) => {
      const p = this.programs;
      p.centre.encode(pass, params, meta, [z, alpha, beta, stats, dirBuf, centre, hvp], n);
      p.tangents.encode(pass, params, meta, [alpha, stats, dirBuf, centre, r, beta, q], n);
      p.combine.encode(pass, params, meta, [z, alpha, beta, stats, r, q, hvp], n);
    }, [['hvp', hvp, D * this.BT * C]]);
    return out;
  }

  /** Records one compute pass, copies `reads` (buffer, floats) to mappable buffers, waits, reads. */
  private async submit(record: (pass: GPUComputePassEncoder) => void, reads: readonly [string, GPUBuffer, number][]): Promise<Float32Array[]> {
    this.device.pushErrorScope('validation');
    let staging: GPUBuffer[];
    try {
      const encoder = this.device.createCommandEncoder({ label: 'ctc' });
      const pass = encoder.beginComputePass({ label: 'ctc' });
      record(pass);
      pass.end();
      staging = reads.map(([name, buffer, floats]) => {
        const s = this.set.get(`read-${name}`, floats * F32, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
        if (floats > 0) encoder.copyBufferToBuffer(buffer, 0, s, 0, floats * F32);
        return s;
      });
      this.device.queue.submit([encoder.finish()]);
    } finally {
      const error = await this.device.popErrorScope(); // always popped, even when recording threw
      if (error) throw new Error(`webgpu: ${error.message}`);
    }
    await Promise.all(staging.map((s) => s.mapAsync(GPUMapMode.READ)));
    return staging.map((s, i) => {
      const floats = reads[i][2];
      const copy = new Float32Array(floats);
      copy.set(new Float32Array(s.getMappedRange(), 0, floats));
      s.unmap();
      return copy;
    });
  }

  /** Gives the buffers back to the pool. */
  release(): void {
    this.pool.release(this.shape, this.set);
  }
}
