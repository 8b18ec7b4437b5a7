import { CtcInputError, CtcUnsupportedError, validateCtcCall, type ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { BufferSet } from '../buffers.js';
import { openDevice, type GpuDevice, type WebGpuBackendOptions } from '../device.js';
import { encodeParams, PARAMS_BYTES } from '../params.js';
import { prepareBatch, STATUS_INFEASIBLE, STATUS_OK } from '../prepare.js';
import { ComputeProgram } from '../program.js';
import { backtrackProgram } from '../programs/backtrack.js';
import { logSoftmaxProgram } from '../programs/log-softmax.js';
import { viterbiProgram } from '../programs/viterbi.js';
import type { WebGpuAlignInput, WebGpuAlignOptions, WebGpuAlignResult } from './align-types.js';
import { spansFromAlignment } from './spans-from-alignment.js';

/** A Viterbi score at or below this is NEG arithmetic (viterbi.wgsl): no path of positive probability. */
const IMPOSSIBLE = -1e29;
const FN = 'align';

/**
 * CTC forced alignment on WebGPU: log-softmax pass, Viterbi pass (max-plus recursion with byte
 * backpointers, one workgroup per sample), backtrack pass (one thread per sample), then one read-back
 * of score [B], alignment [B,T] and the aligned tokens' posteriors [B,T]. float32. Infeasible and
 * invalid samples are classified on the host first, as the losses do.
 */
export class WebGpuForcedAligner {
  private disposed = false;

  private constructor(
    private readonly gpu: GpuDevice,
    private readonly programs: { logSoftmax: ComputeProgram; viterbi: ComputeProgram; backtrack: ComputeProgram },
  ) {}

  static async create(options: WebGpuBackendOptions = {}): Promise<WebGpuForcedAligner> {
    const gpu = await openDevice(options);
    try {
      const [logSoftmax, viterbi, backtrack] = await Promise.all(
        [logSoftmaxProgram, viterbiProgram, backtrackProgram].map((spec) => ComputeProgram.create(gpu.device, spec)),
      );
      return new WebGpuForcedAligner(gpu, { logSoftmax, viterbi, backtrack });
    } catch (error) {
      gpu.device.destroy();
      throw error;
    }
  }

  /** The best path of each sample's label: alignments, scores and token spans (as decode's ctcForcedAlign). */
  async align(input: WebGpuAlignInput, options: WebGpuAlignOptions = {}): Promise<WebGpuAlignResult> {
    if (this.disposed) throw new Error('webgpu: the forced aligner was disposed');
    const timeMajor = options?.timeMajor ?? false;
    if (typeof timeMajor !== 'boolean') {
      throw new CtcInputError('INVALID_OPTION', FN, 'options.timeMajor', `expected \`options.timeMajor\` to be a boolean, got ${JSON.stringify(timeMajor)}`);
    }
    const o = validateCtcCall(FN, input, { variant: options.variant, blankIndex: options.blankIndex, inputs: options.inputs });
    const batchMajor = timeMajor ? toBatchMajor(input) : input;
    const prepared = prepareBatch(batchMajor, o);
    const { B, T } = input.dims;
    const set = new BufferSet(this.gpu.device);
    try {
      const read = await this.run(set, prepared, o);
      const alignments: Int32Array[] = [];
      const logScore = new Float64Array(B);
      const spans: WebGpuAlignResult['spans'] = [];
      for (let b = 0; b < B; b++) {
        const Tb = input.logitLength[b];
        const status = prepared.status[b];
        const score = status === STATUS_OK ? read.score[b] : status === STATUS_INFEASIBLE ? -Infinity : NaN;
        logScore[b] = score <= IMPOSSIBLE ? -Infinity : score;
        if (!(logScore[b] > -Infinity)) {
          alignments.push(new Int32Array(Tb).fill(-1));
          spans.push([]);
          continue;
        }
        const alignment = read.alignment.slice(b * T, b * T + Tb);
        alignments.push(alignment);
        spans.push(spansFromAlignment(alignment, read.post.subarray(b * T, b * T + Tb), o.variant, o.blankIndex));
      }
      return { alignments, logScore, spans };
    } finally {
      set.destroy();
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.gpu.device.destroy();
  }

  /** Uploads, records the three passes, reads back score [B], alignment [B,T], post [B,T]. */
  private async run(set: BufferSet, prepared: ReturnType<typeof prepareBatch>, o: ResolvedCtcOptions) {
    const device = this.gpu.device;
    const { B, T, C } = prepared.dims;
    const S = prepared.S;
    const SQ = Math.ceil(S / 4);
    const limit = device.limits.maxStorageBufferBindingSize;
    const storage = (name: string, words: number) => {
      if (words * 4 > limit) {
        throw new CtcUnsupportedError('webgpu', 'forced alignment of this batch', `webgpu: forced alignment's buffer '${name}' needs ${words * 4} bytes, over this device's maxStorageBufferBindingSize ${limit}; align fewer samples per call`);
      }
      return set.get(name, words * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
    };
    const params = set.get('params', PARAMS_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const whole = { t0: 0, t1: T }; // one frame chunk: the per-frame passes cover [0, T)
    device.queue.writeBuffer(params, 0, encodeParams(prepared, o, 1, whole, whole));
    const meta = storage('meta', prepared.meta.length);
    device.queue.writeBuffer(meta, 0, prepared.meta);
    const x = storage('x', B * T * C);
    device.queue.writeBuffer(x, 0, prepared.x);
    const z = storage('z', B * T * C);
    const flags = storage('flags', B * T);
    const delta = storage('delta', B * 2 * S);
    const back = storage('back', B * T * SQ);
    const score = storage('score', B);
    const alignment = storage('alignment', B * T);
    const post = storage('post', B * T);
    const reads = [score, alignment, post].map((buffer, i) => [buffer, i === 0 ? B : B * T] as const);
    device.pushErrorScope('validation');
    let staging: GPUBuffer[];
    try {
      const encoder = device.createCommandEncoder({ label: 'ctc-align' });
      const pass = encoder.beginComputePass({ label: 'ctc-align' });
      const grid = { B, T, D: 1 };
      const uniform = { buffer: params };
      this.programs.logSoftmax.encode(pass, uniform, meta, [x, z, flags], grid);
      this.programs.viterbi.encode(pass, uniform, meta, [z, delta, back, score], grid);
      this.programs.backtrack.encode(pass, uniform, meta, [z, delta, back, alignment, post], grid);
      pass.end();
      staging = reads.map(([buffer, words]) => {
        const s = set.get(`read-${buffer.label}`, words * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
        if (words > 0) encoder.copyBufferToBuffer(buffer, 0, s, 0, words * 4);
        return s;
      });
      device.queue.submit([encoder.finish()]);
    } finally {
      const error = await device.popErrorScope(); // popped even when recording threw
      if (error) throw new Error(`webgpu: ${error.message}`);
    }
    await Promise.all(staging.map((s) => s.mapAsync(GPUMapMode.READ)));
    const bytes = staging.map((s, i) => {
      const copy = s.getMappedRange().slice(0, reads[i][1] * 4);
      s.unmap();
      return copy;
    });
    return { score: new Float32Array(bytes[0]), alignment: new Int32Array(bytes[1]), post: new Float32Array(bytes[2]) };
  }
}

/** [T, B, C] -> [B, T, C] on the host (the passes read batch-major rows). */
function toBatchMajor(input: WebGpuAlignInput): WebGpuAlignInput {
  const { B, T, C } = input.dims;
  const x = new Float32Array(B * T * C);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) x.set(input.logits.subarray((t * B + b) * C, (t * B + b + 1) * C), (b * T + t) * C);
  return { ...input, logits: x };
}

/** Starts a WebGPU forced aligner; throws CtcBackendUnavailableError when there is no adapter. */
export function createForcedAligner(options?: WebGpuBackendOptions): Promise<WebGpuForcedAligner> {
  return WebGpuForcedAligner.create(options);
}
