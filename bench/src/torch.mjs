import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../python/torch_ctc.py', import.meta.url));

/**
 * PyTorch's native F.ctc_loss as an outside baseline (classic, float32, forward and
 * loss+gradient), in one long-lived python process. Optional: `startTorchBaseline` returns
 * { baseline: null, reason } when /usr/bin/python3 has no torch.
 * @param {number} threads torch.set_num_threads and OMP_NUM_THREADS
 * @returns {Promise<{ baseline: TorchBaseline | null, reason?: string }>}
 */
export async function startTorchBaseline(threads) {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : probe.stderr.trim().split('\n').pop();
    return { baseline: null, reason: `${PYTHON} cannot import torch (${why}); install Debian's python3-torch` };
  }
  const child = spawn(PYTHON, [SCRIPT, String(threads)], {
    env: { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
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
   * @param {'forward' | 'lossAndGradient'} op
   * @param {{ warmup: number, reps: number, maxSeconds: number }} settings
   */
  async run(caseName, inputs, op, settings) {
    const { B, T, C, L } = inputs.f32.dims;
    const input = join(this.dir, 'input.bin');
    if (this.inputCase !== caseName) {
      const b = inputs.f32;
      writeFileSync(input, Buffer.concat([b.logits, b.labels, b.labelLength, b.logitLength].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
      this.inputCase = caseName;
    }
    const output = join(this.dir, 'output.bin');
    const job = { input, output, B, T, C, L, op, warmup: settings.warmup, reps: settings.reps, maxSeconds: Math.min(settings.maxSeconds, 60) };
    /** @type {import('node:stream').Writable} */ (this.child.stdin).write(JSON.stringify(job) + '\n');
    const next = await this.lines.next();
    if (next.done) throw new Error('the PyTorch baseline process exited');
    const reply = JSON.parse(next.value);
    if (reply.error) throw new Error(`PyTorch: ${reply.error}`);
    const bytes = readFileSync(output);
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const outputs = { loss: floats.subarray(0, B), ...(op === 'lossAndGradient' ? { gradient: floats.subarray(B) } : {}) };
    return { times: /** @type {number[]} */ (reply.times), outputs, peakMemoryMb: /** @type {number} */ (reply.peakMemoryMb) };
  }

  /** Ends the python process and removes the temp files. */
  async dispose() {
    /** @type {import('node:stream').Writable} */ (this.child.stdin).end();
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once('exit', resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
