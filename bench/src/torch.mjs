import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
/** The repository's one PyTorch script (protocol in its docstring). */
const SCRIPT = fileURLToPath(new URL('../python/torch_ctc.py', import.meta.url));

/**
 * @typedef {'float32' | 'float64'} TorchDtype
 * @typedef {'forward' | 'lossAndGradient'} TorchOp
 * @typedef {{ times: number[], cpuTimes: number[], peakMemoryMb: number }} TorchReply
 */

/** Why PyTorch cannot run here, or undefined when /usr/bin/python3 imports torch. */
export function torchUnavailableReason() {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (!probe.error && probe.status === 0) return undefined;
  const why = probe.error ? probe.error.message : probe.stderr.trim().split('\n').pop();
  return `${PYTHON} cannot import torch (${why}); install Debian's python3-torch`;
}

/** Environment of the python process: BLAS / OpenMP pools sized like torch's own. @param {number} threads */
const torchEnv = (threads) => (threads > 0 ? { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) } : process.env);

/**
 * Writes a batch as the script reads it: logits [B, T, C] in dtype, then labels, labelLength,
 * logitLength as int32.
 * @param {string} path
 * @param {import('@seq2seq-losses/spec').CtcBatch} batch
 * @param {TorchDtype} dtype
 */
export function writeTorchInput(path, batch, dtype) {
  const logits = dtype === 'float64' ? Float64Array.from(batch.logits) : Float32Array.from(batch.logits);
  const parts = [logits, batch.labels, batch.labelLength, batch.logitLength];
  writeFileSync(path, Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
}

/**
 * The script's output file: loss [B], then the gradient [B, T, C] for lossAndGradient.
 * @param {string} path
 * @param {number} B
 * @param {TorchOp} op
 * @param {TorchDtype} dtype
 */
function readTorchOutput(path, B, op, dtype) {
  const bytes = readFileSync(path);
  const Values = dtype === 'float64' ? Float64Array : Float32Array;
  const values = new Values(bytes.buffer, bytes.byteOffset, bytes.byteLength / Values.BYTES_PER_ELEMENT);
  return { loss: values.subarray(0, B), ...(op === 'lossAndGradient' ? { gradient: values.subarray(B) } : {}) };
}

/**
 * One PyTorch measurement in its own python process, for the packages' scripts/bench.mjs:
 * the batch in dtype, torch.set_num_threads(threads) (0: torch's default), a warm-up, then reps.
 * Check torchUnavailableReason() first; throws when the run fails.
 * @param {import('@seq2seq-losses/spec').CtcBatch} batch
 * @param {{ op: TorchOp, dtype?: TorchDtype, threads?: number, warmup?: number, reps?: number, maxSeconds?: number }} options
 */
export function torchOnce(batch, options) {
  const { op, dtype = 'float32', threads = 0, warmup = 1, reps = 5, maxSeconds = 60 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'ctc-torch-'));
  try {
    const input = join(dir, 'input.bin');
    const output = join(dir, 'output.bin');
    writeTorchInput(input, batch, dtype);
    const { B, T, C, L } = batch.dims;
    const job = { input, output, B, T, C, L, op, dtype, warmup, reps, maxSeconds };
    const run = spawnSync(PYTHON, [SCRIPT, String(threads)], { input: JSON.stringify(job) + '\n', env: torchEnv(threads), encoding: 'utf8' });
    if (run.error || run.status !== 0) throw new Error(`PyTorch run failed: ${run.error?.message ?? run.stderr}`);
    const [hello, reply] = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    if (reply.error) throw new Error(`PyTorch: ${reply.error}`);
    return { torch: /** @type {string} */ (hello.torch), threads: /** @type {number} */ (hello.threads), .../** @type {TorchReply} */ (reply), ...readTorchOutput(output, B, op, dtype) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * PyTorch's native F.ctc_loss as an outside baseline (classic, float32, forward and
 * loss+gradient), in one long-lived python process. Optional: `startTorchBaseline` returns
 * { baseline: null, reason } when /usr/bin/python3 has no torch.
 * @param {number} threads torch.set_num_threads and OMP_NUM_THREADS
 * @returns {Promise<{ baseline: TorchBaseline | null, reason?: string }>}
 */
export async function startTorchBaseline(threads) {
  const reason = torchUnavailableReason();
  if (reason) return { baseline: null, reason };
  const child = spawn(PYTHON, [SCRIPT, String(threads)], { env: torchEnv(threads), stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) return { baseline: null, reason: 'the PyTorch baseline script exited before it was ready' };
  return { baseline: new TorchBaseline(child, lines, JSON.parse(first.value)) };
}

export class TorchBaseline {
  /**
   * @param {import('node:child_process').ChildProcess} child
   * @param {AsyncIterator<string>} lines
   * @param {{ torch: string, threads: number }} hello
   */
  constructor(child, lines, hello) {
    this.child = child;
    this.lines = lines;
    this.info = { torch: hello.torch, threads: hello.threads };
    this.dir = mkdtempSync(join(tmpdir(), 'ctc-bench-torch-'));
    this.inputCase = '';
  }

  /** What PyTorch's native CTC covers. @param {string} op @param {string} variant */
  supports(op, variant) {
    return variant === 'classic' && (op === 'forward' || op === 'lossAndGradient');
  }

  /**
   * Times one op on the case's float32 inputs and returns the times and outputs.
   * @param {string} caseName
   * @param {import('./inputs.mjs').BenchInputs} inputs
   * @param {TorchOp} op
   * @param {{ warmup: number, reps: number, maxSeconds: number }} settings
   */
  async run(caseName, inputs, op, settings) {
    const { B, T, C, L } = inputs.f32.dims;
    const input = join(this.dir, 'input.bin');
    if (this.inputCase !== caseName) {
      writeTorchInput(input, inputs.f32, 'float32');
      this.inputCase = caseName;
    }
    const output = join(this.dir, 'output.bin');
    const job = { input, output, B, T, C, L, op, dtype: 'float32', warmup: settings.warmup, reps: settings.reps, maxSeconds: Math.min(settings.maxSeconds, 60) };
    /** @type {import('node:stream').Writable} */ (this.child.stdin).write(JSON.stringify(job) + '\n');
    const next = await this.lines.next();
    if (next.done) throw new Error('the PyTorch baseline process exited');
    const reply = JSON.parse(next.value);
    if (reply.error) throw new Error(`PyTorch: ${reply.error}`);
    const outputs = readTorchOutput(output, B, op, 'float32');
    return { times: /** @type {number[]} */ (reply.times), outputs, peakMemoryMb: /** @type {number} */ (reply.peakMemoryMb) };
  }

  /** Ends the python process and removes the temp files. */
  async dispose() {
    /** @type {import('node:stream').Writable} */ (this.child.stdin).end();
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once('exit', resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
