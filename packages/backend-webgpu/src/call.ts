import { CtcUnsupportedError, type ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { BufferPool, BufferSet } from './buffers.js';
import { framesPerChunk, planLattice, type LatticePlan } from './lattice-plan.js';
import { encodeParamSlots, paramSlots, type ParamSlots } from './param-slots.js';
import type { PreparedMeta } from './prepare.js';
import type { CtcPrograms } from './programs/index.js';
import type { SharedDeviceOutputs } from './shared-device.js';
import { writeArray } from './upload.js';

const F32 = 4;
const PASS = { label: 'ctc' };

/** A GPU buffer and how many floats of it a result holds. */
export type BufferSlice = readonly [buffer: GPUBuffer, floats: number];

/** Floats of `buffer` from `offset` on: a sub-batch's slice of a caller's [B, T, C] buffer, copied before use. */
export interface BufferWindow {
  readonly buffer: GPUBuffer;
  readonly offset: number;
}

/** [B, T, C] inputs: host values, a GPU buffer bound as it is, or a window copied into a scratch buffer. */
export type CallInput = Float32Array | GPUBuffer | BufferWindow;

const isWindow = (x: GPUBuffer | BufferWindow): x is BufferWindow => 'offset' in x && 'buffer' in x;

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
 * Buffers ([B, T, *] row-major, float32): x, z, gradient [B,T,C]; stats [B] ll, [B,T,2] logZ, [2B,4]
 * recursion carry; flags [B,T]; dir, hvp [D,B,T,C]; centre [D,B,T]. The lattice arrays are cut in
 * time chunks of K frames, one buffer each, each within `limit` bytes (lattice-plan.ts, common.wgsl):
 * alpha-k, beta-k [K+2,B,S,2] (two-float hi, lo), r-k, q-k [K+2,D,B,S]. The recursions run one
 * dispatch per chunk (forward over chunk i beside backward over chunk n-1-i) and copy each chunk's
 * edge row into its neighbour's halo row in between; the per-frame passes run one dispatch per chunk.
 */
export class GpuCall {
  private readonly set: BufferSet;
  private readonly shape: string;
  private readonly BT: number;
  /** [B,4] + [B,L] per-sample metadata, uploaded once per call. */
  private readonly meta: GPUBuffer;
  /** [B,T,C] the inputs. */
  private readonly x: GPUBuffer;
  /** The lattice's time chunks. */
  readonly lattice: LatticePlan;

  /**
   * `limit`: the bytes one storage binding may hold. The batch must fit it (batch-plan.ts): its
   * [B,T,C] arrays, and at least one lattice frame per chunk.
   */
  constructor(
    private readonly device: GPUDevice,
    private readonly programs: CtcPrograms,
    private readonly pool: BufferPool,
    readonly prepared: PreparedMeta,
    private readonly options: ResolvedCtcOptions,
    x: CallInput,
    private readonly limit: number,
  ) {
    const { B, T, C, L } = prepared.dims;
    this.BT = B * T;
    // a chunk is also at most one dispatch's worth of frames: the per-frame passes' grid is (T_k, B, D)
    const K = Math.min(framesPerChunk(B, T, prepared.S, limit), device.limits.maxComputeWorkgroupsPerDimension);
    if (K < 1) throw new Error(`webgpu: one lattice frame of ${B} samples does not fit ${limit} bytes (split the batch first)`);
    this.lattice = planLattice(T, K);
    this.shape = `${B}x${T}x${C}x${L}x${prepared.S}x${K}`;
    this.set = pool.acquire(this.shape);
    try {
      this.meta = this.storage('meta', prepared.meta.length);
      writeArray(device.queue, this.meta, prepared.meta);
      this.x = this.input('x', x);
    } catch (error) {
      pool.discard(this.set);
      throw error;
    }
  }

  private storage(name: string, floats: number): GPUBuffer {
    const bytes = floats * F32;
    if (bytes > this.limit) throw new Error(`webgpu: buffer '${name}' needs ${bytes} bytes, over the binding limit ${this.limit} (a planning bug)`);
    return this.set.get(name, bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
  }

  /** The [B, T, C] buffer `name` holding `x` (uploaded, as it is, or copied from a window). */
  private input(name: string, x: CallInput): GPUBuffer {
    if (!(x instanceof Float32Array) && !isWindow(x)) return x;
    const floats = this.BT * this.prepared.dims.C;
    const buffer = this.storage(name, floats);
    if (x instanceof Float32Array) {
      writeArray(this.device.queue, buffer, x);
    } else if (floats > 0) {
      const encoder = this.device.createCommandEncoder(PASS);
      encoder.copyBufferToBuffer(x.buffer, x.offset * F32, buffer, 0, floats * F32);
      this.device.queue.submit([encoder.finish()]);
    }
    return buffer;
  }

  /**
   * One buffer per lattice chunk, `floatsPerRow` floats in each of its K + 2 rows; with `ring`, only
   * that many buffers, chunk k in buffer k % ring (for a recursion whose rows nothing reads later).
   */
  private chunked(name: string, floatsPerRow: number, ring = Infinity): GPUBuffer[] {
    const buffers = this.lattice.chunks.slice(0, ring).map((_, k) => this.storage(`${name}-${k}`, (this.lattice.K + 2) * floatsPerRow));
    return this.lattice.chunks.map((_, k) => buffers[k % buffers.length]);
  }

  private params(name: string, D: number): ParamSlots {
    const data = encodeParamSlots(this.prepared, this.options, D, this.lattice);
    const buffer = this.set.get(name, data.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.device.queue.writeBuffer(buffer, 0, data);
    return paramSlots(buffer, this.lattice.chunks.length);
  }

  /** The most directions one dispatch of recordDirections can take within the binding limit. */
  maxDirections(): number {
    const { B, C } = this.prepared.dims;
    const perDirection = F32 * Math.max(this.BT * C, (this.lattice.K + 2) * B * this.prepared.S, 1);
    return Math.max(1, Math.min(this.device.limits.maxComputeWorkgroupsPerDimension, Math.floor(this.limit / perDirection)));
  }

  /**
   * Records the recursion dispatches i = 0..n-1 (`dispatch(pass, i)`: forward side on chunk i,
   * backward side on chunk n-1-i), and after each the halo copies: the forward side's last row
   * into chunk i+1's row 0, the backward side's first row into chunk n-2-i's row K+1.
   * Returns the pass that is open after the last dispatch.
   */
  private recurse(encoder: GPUCommandEncoder, pass: GPUComputePassEncoder, rowFloats: number, fwd: GPUBuffer[], bwd: GPUBuffer[] | undefined, dispatch: (pass: GPUComputePassEncoder, i: number) => void): GPUComputePassEncoder {
    const { chunks } = this.lattice;
    const n = chunks.length;
    const row = rowFloats * F32;
    const frames = (k: number) => chunks[k].t1 - chunks[k].t0;
    for (let i = 0; i < n; i++) {
      dispatch(pass, i);
      if (i === n - 1) break;
      pass.end();
      encoder.copyBufferToBuffer(fwd[i], frames(i) * row, fwd[i + 1], 0, row);
      const j = n - 1 - i;
      if (bwd) encoder.copyBufferToBuffer(bwd[j], row, bwd[j - 1], (frames(j - 1) + 1) * row, row);
      pass = encoder.beginComputePass(PASS);
    }
    return pass;
  }

  /** Records per-frame dispatches, one per lattice chunk (`dispatch(k, T_k)`, T_k its frames). */
  private perChunk(dispatch: (k: number, frames: number) => void): void {
    this.lattice.chunks.forEach((c, k) => dispatch(k, c.t1 - c.t0));
  }

  /** Records log-softmax and forward (with `gradient`: forward and backward side by side, then occupancy). */
  recordBase(encoder: GPUCommandEncoder, gradient: boolean): RecordedOutputs {
    const { B, T, C } = this.prepared.dims;
    const S = this.prepared.S;
    const slots = this.params('params-base', 1);
    const [meta, x] = [this.meta, this.x];
    const z = this.storage('z', this.BT * C);
    const alpha = this.chunked('alpha', 2 * B * S, gradient ? Infinity : 2); // the loss reads only the last row
    const stats = this.storage('stats', B + 2 * this.BT + 8 * B);
    const flags = this.storage('flags', this.BT);
    const frameBad: BufferSlice = [flags, this.BT];
    const p = this.programs;
    const all = { B, T, D: 1 };
    let pass = encoder.beginComputePass(PASS);
    this.perChunk((k, frames) => p.logSoftmax.encode(pass, slots.frames(k), meta, [x, z, flags], { B, T: frames, D: 1 }));
    if (!gradient) {
      pass = this.recurse(encoder, pass, 2 * B * S, alpha, undefined, (pass, i) => p.forward.encode(pass, slots.recursion(i), meta, [z, alpha[i], stats], all));
      pass.end();
      return { ll: [stats, B], frameBad };
    }
    const beta = this.chunked('beta', 2 * B * S);
    const grad = this.storage('gradient', this.BT * C);
    const n = this.lattice.chunks.length;
    pass = this.recurse(encoder, pass, 2 * B * S, alpha, beta, (pass, i) => p.alphaBeta.encode(pass, slots.recursion(i), meta, [z, alpha[i], stats, beta[n - 1 - i]], all));
    this.perChunk((k, frames) => p.occupancy.encode(pass, slots.frames(k), meta, [z, alpha[k], beta[k], stats, grad], { B, T: frames, D: 1 }));
    pass.end();
    return { ll: [stats, B], frameBad, gradient: [grad, this.BT * C] };
  }

  /** Records D Hessian-vector products for directions `dir` [D,B,T,C] (after recordBase(true)). */
  recordDirections(encoder: GPUCommandEncoder, dir: GPUBuffer, D: number): BufferSlice {
    const { B, T, C } = this.prepared.dims;
    const S = this.prepared.S;
    if (D > this.maxDirections()) throw new RangeError(`webgpu: ${D} directions in one dispatch, over ${this.maxDirections()}`);
    const slots = this.params('params-dirs', D);
    const meta = this.meta;
    const [z, stats] = [this.storage('z', this.BT * C), this.storage('stats', B + 2 * this.BT + 8 * B)];
    const [alpha, beta] = [this.chunked('alpha', 2 * B * S), this.chunked('beta', 2 * B * S)];
    const centre = this.storage('centre', D * this.BT);
    const hvp = this.storage('hvp', D * this.BT * C);
    const [r, q] = [this.chunked('r', D * B * S), this.chunked('q', D * B * S)];
    const p = this.programs;
    const n = this.lattice.chunks.length;
    let pass = encoder.beginComputePass(PASS);
    this.perChunk((k, frames) => p.centre.encode(pass, slots.frames(k), meta, [z, alpha[k], beta[k], stats, dir, centre, hvp], { B, T: frames, D }));
    pass = this.recurse(encoder, pass, D * B * S, r, q, (pass, i) =>
      p.tangents.encode(pass, slots.recursion(i), meta, [alpha[i], stats, dir, centre, r[i], beta[n - 1 - i], q[n - 1 - i]], { B, T, D }),
    );
    this.perChunk((k, frames) => p.combine.encode(pass, slots.frames(k), meta, [z, alpha[k], beta[k], stats, r[k], q[k], hvp], { B, T: frames, D }));
    pass.end();
    return [hvp, D * this.BT * C];
  }

  /** ll [B] (and gradient [B,T,C]) read back to the host. */
  async base(gradient: boolean): Promise<{ ll: Float32Array; gradient?: Float32Array }> {
    const read = await this.submit((encoder) => {
      const out = this.recordBase(encoder, gradient);
      return out.gradient ? [out.ll, out.gradient] : [out.ll];
    });
    return { ll: read[0], gradient: read[1] };
  }

  /** Hessian-vector products for D directions [D,B,T,C] at once (after base(true)): [D,B,T,C]. */
  async directions(dir: Float32Array, D: number): Promise<Float32Array> {
    const dirBuf = this.storage('dir', D * this.BT * this.prepared.dims.C);
    writeArray(this.device.queue, dirBuf, dir);
    const [hvp] = await this.submit((encoder) => [this.recordDirections(encoder, dirBuf, D)]);
    return hvp;
  }

  /**
   * Records, copies the results into the caller's buffers and submits, without waiting: for a
   * device shared with another library, whose later commands the queue orders after these.
   * `into.hvp` with `dir` ([B,T,C], one direction) also computes the HVP. The results go to sample
   * `at` on of the caller's buffers (a sub-batch's slice).
   */
  submitInto(into: SharedDeviceOutputs, dir?: GPUBuffer | BufferWindow, at = 0): void {
    const { T, C } = this.prepared.dims;
    const direction = dir && this.input('dir', dir);
    const encoder = this.device.createCommandEncoder(PASS);
    const out = this.recordBase(encoder, into.gradient !== undefined || dir !== undefined);
    const hvp = direction ? this.recordDirections(encoder, direction, 1) : undefined;
    const copy = (from: BufferSlice | undefined, to: GPUBuffer | undefined, floatsPerSample: number) => {
      if (from && to && from[1] > 0) encoder.copyBufferToBuffer(from[0], 0, to, at * floatsPerSample * F32, from[1] * F32);
    };
    copy(out.ll, into.ll, 1);
    copy(out.frameBad, into.frameBad, T);
    copy(out.gradient, into.gradient, T * C);
    copy(hvp, into.hvp, T * C);
    this.device.queue.submit([encoder.finish()]);
  }

  /** Records the passes, copies the slices they return to mappable buffers, waits, reads. */
  private async submit(record: (encoder: GPUCommandEncoder) => BufferSlice[]): Promise<Float32Array[]> {
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    let staging: GPUBuffer[];
    let reads: BufferSlice[];
    try {
      const encoder = this.device.createCommandEncoder(PASS);
      reads = record(encoder);
      staging = reads.map(([buffer, floats]) => {
        const s = this.set.get(`read-${buffer.label}`, floats * F32, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
        if (floats > 0) encoder.copyBufferToBuffer(buffer, 0, s, 0, floats * F32);
        return s;
      });
      this.device.queue.submit([encoder.finish()]);
    } finally {
      // always popped, even when recording threw
      const invalid = await this.device.popErrorScope();
      const memory = await this.device.popErrorScope();
      if (memory) {
        throw new CtcUnsupportedError('webgpu', 'device memory', `webgpu: the device ran out of memory for this call's buffers (${memory.message}); split the batch, or use a device with more memory`);
      }
      if (invalid) throw new Error(`webgpu: ${invalid.message}`);
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

  /** Destroys the buffers (after a failure). */
  discard(): void {
    this.pool.discard(this.set);
  }
}
