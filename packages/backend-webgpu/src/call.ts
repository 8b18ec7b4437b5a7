import type { ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { BufferPool, BufferSet } from './buffers.js';
import type { GridDims } from './program.js';
import { encodeParams } from './params.js';
import type { PreparedMeta } from './prepare.js';
import type { CtcPrograms } from './programs/index.js';
import type { SharedDeviceOutputs } from './shared-device.js';

const F32 = 4;

/** A GPU buffer and how many floats of it a result holds. */
export type BufferSlice = readonly [buffer: GPUBuffer, floats: number];

/**
 * Where the results of `recordBase` / `recordDirections` lie: ll [B], frameBad [B,T] (1 where a valid
 * frame holds NaN or +inf or is all -inf), gradient [B,T,C], hvp [D,B,T,C].
 */
export interface RecordedOutputs {
  readonly ll: BufferSlice;
  readonly frameBad: BufferSlice;
  readonly gradient?: BufferSlice;
  readonly hvp?: BufferSlice;
}

/**
 * One backend call on the GPU: takes a buffer set from the pool, uploads the metadata (and the
 * inputs, unless they already lie in a GPU buffer), records the passes, and returns the set.
 * Buffers ([B, T, *] row-major, float32): x, z, gradient [B,T,C]; alpha, beta [B,T,S,2] (two-float
 * hi, lo); stats [B] ll then [B,T,2] logZ; flags [B,T]; dir, hvp [D,B,T,C]; centre [D,B,T]; r, q [D,B,T,S].
 */
export class GpuCall {
  private readonly set: BufferSet;
  private readonly shape: string;
  private readonly BT: number;
  /** [B,4] + [B,L] per-sample metadata, uploaded once per call. */
  private readonly meta: GPUBuffer;
  /** [B,T,C] the inputs. */
  private readonly x: GPUBuffer;

  constructor(
    private readonly device: GPUDevice,
    private readonly programs: CtcPrograms,
    private readonly pool: BufferPool,
    readonly prepared: PreparedMeta,
    private readonly options: ResolvedCtcOptions,
    x: Float32Array | GPUBuffer,
  ) {
    const { B, T, C, L } = prepared.dims;
    this.BT = B * T;
    this.shape = `${B}x${T}x${C}x${L}x${prepared.S}`;
    this.set = pool.acquire(this.shape);
    this.meta = this.storage('meta', prepared.meta.length);
    device.queue.writeBuffer(this.meta, 0, prepared.meta);
    if (x instanceof Float32Array) {
      this.x = this.storage('x', this.BT * C);
      device.queue.writeBuffer(this.x, 0, x);
    } else {
      this.x = x;
    }
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

  private grid(D: number): GridDims {
    return { B: this.prepared.dims.B, T: this.prepared.dims.T, D };
  }

  /** Records log-softmax and forward (with `gradient`: forward and backward side by side, then occupancy). */
  recordBase(pass: GPUComputePassEncoder, gradient: boolean): RecordedOutputs {
    const { B, C } = this.prepared.dims;
    const S = this.prepared.S;
    const n = this.grid(1);
    const [params, meta, x] = [this.params(1), this.meta, this.x];
    const z = this.storage('z', this.BT * C);
    const alpha = this.storage('alpha', 2 * this.BT * S);
    const stats = this.storage('stats', B + 2 * this.BT);
    const flags = this.storage('flags', this.BT);
    const frameBad: BufferSlice = [flags, this.BT];
    const p = this.programs;
    p.logSoftmax.encode(pass, params, meta, [x, z, flags], n);
    if (!gradient) {
      p.forward.encode(pass, params, meta, [z, alpha, stats], n);
      return { ll: [stats, B], frameBad };
    }
    const beta = this.storage('beta', 2 * this.BT * S);
    const grad = this.storage('gradient', this.BT * C);
    p.alphaBeta.encode(pass, params, meta, [z, alpha, stats, beta], n);
    p.occupancy.encode(pass, params, meta, [z, alpha, beta, stats, grad], n);
    return { ll: [stats, B], frameBad, gradient: [grad, this.BT * C] };
  }

  /** Records D Hessian-vector products for directions `dir` [D,B,T,C] (after recordBase(true)). */
  recordDirections(pass: GPUComputePassEncoder, dir: GPUBuffer, D: number): BufferSlice {
    const { C } = this.prepared.dims;
    const S = this.prepared.S;
    if (D > this.device.limits.maxComputeWorkgroupsPerDimension) throw new RangeError(`webgpu: ${D} directions in one dispatch`);
    const n = this.grid(D);
    const [params, meta] = [this.params(D), this.meta];
    const [z, alpha, beta, stats] = [this.storage('z', this.BT * C), this.storage('alpha', 2 * this.BT * S), this.storage('beta', 2 * this.BT * S), this.storage('stats', this.prepared.dims.B + 2 * this.BT)];
    const centre = this.storage('centre', D * this.BT);
    const r = this.storage('r', D * this.BT * S);
    const q = this.storage('q', D * this.BT * S);
    const hvp = this.storage('hvp', D * this.BT * C);
    const p = this.programs;
    p.centre.encode(pass, params, meta, [z, alpha, beta, stats, dir, centre, hvp], n);
    p.tangents.encode(pass, params, meta, [alpha, stats, dir, centre, r, beta, q], n);
    p.combine.encode(pass, params, meta, [z, alpha, beta, stats, r, q, hvp], n);
    return [hvp, D * this.BT * C];
  }

  /** ll [B] (and gradient [B,T,C]) read back to the host. */
  async base(gradient: boolean): Promise<{ ll: Float32Array; gradient?: Float32Array }> {
    const read = await this.submit((pass) => {
      const out = this.recordBase(pass, gradient);
      return out.gradient ? [out.ll, out.gradient] : [out.ll];
    });
    return { ll: read[0], gradient: read[1] };
  }

  /** Hessian-vector products for D directions [D,B,T,C] at once (after base(true)): [D,B,T,C]. */
  async directions(dir: Float32Array, D: number): Promise<Float32Array> {
    const dirBuf = this.storage('dir', D * this.BT * this.prepared.dims.C);
    this.device.queue.writeBuffer(dirBuf, 0, dir);
    const [hvp] = await this.submit((pass) => [this.recordDirections(pass, dirBuf, D)]);
    return hvp;
  }

  /**
   * Records, copies the results into the caller's buffers and submits, without waiting: for a
   * device shared with another library, whose later commands the queue orders after these.
   * `into.hvp` with `dir` ([B,T,C], one direction) also computes the HVP.
   */
  submitInto(into: SharedDeviceOutputs, dir?: GPUBuffer): void {
    const encoder = this.device.createCommandEncoder({ label: 'ctc' });
    const pass = encoder.beginComputePass({ label: 'ctc' });
    const out = this.recordBase(pass, into.gradient !== undefined || dir !== undefined);
    const hvp = dir ? this.recordDirections(pass, dir, 1) : undefined;
    pass.end();
    const copy = (from: BufferSlice | undefined, to: GPUBuffer | undefined) => {
      if (from && to && from[1] > 0) encoder.copyBufferToBuffer(from[0], 0, to, 0, from[1] * F32);
    };
    copy(out.ll, into.ll);
    copy(out.frameBad, into.frameBad);
    copy(out.gradient, into.gradient);
    copy(hvp, into.hvp);
    this.device.queue.submit([encoder.finish()]);
  }

  /** Records one compute pass, copies the slices it returns to mappable buffers, waits, reads. */
  private async submit(record: (pass: GPUComputePassEncoder) => BufferSlice[]): Promise<Float32Array[]> {
    this.device.pushErrorScope('validation');
    let staging: GPUBuffer[];
    let reads: BufferSlice[];
    try {
      const encoder = this.device.createCommandEncoder({ label: 'ctc' });
      const pass = encoder.beginComputePass({ label: 'ctc' });
      reads = record(pass);
      pass.end();
      staging = reads.map(([buffer, floats]) => {
        const s = this.set.get(`read-${buffer.label}`, floats * F32, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
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
      const copy = new Float32Array(s.getMappedRange().slice(0, reads[i][1] * F32)); // one copy, no zero fill
      s.unmap();
      return copy;
    });
  }

  /** Gives the buffers back to the pool. */
  release(): void {
    this.pool.release(this.shape, this.set);
  }
}
