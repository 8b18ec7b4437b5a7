import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { randomBatch, seededRandom, validateCtcCall, type CtcBatch, type CtcOptions } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { createBackend } from '../dist/index.js';
import { expNonPositive } from '../dist/fast-exp.js';
import { allocateOutputs, availableKernels, runSamples, sequential } from '../dist/run-samples.js';
import { Workspace } from '../dist/workspace.js';
import { solveSample } from '../dist/sample.js';
import { instantiateKernels, KERNELS_ENV } from '../dist/wasm/load.js';
import { KernelMemory } from '../dist/wasm/memory.js';
import { bitwiseEqual, expectClose } from './support/compare.js';
import { runInternal } from './support/run-internal.js';

// The WebAssembly SIMD loops (src/wasm/) against the JavaScript loops they replace and against the
// float64 reference. Per element (exp, gradient and HVP rows) they compute the same operations, so
// they differ only where a row is summed in two lanes: ~1e-16 relative.
const SAME = { rtol: 1e-13, atol: 1e-13 };
const F64 = { rtol: 1e-9, atol: 1e-9 };

function kernelMemory(): KernelMemory {
  const exports = instantiateKernels();
  if (!exports) throw new Error('the WebAssembly SIMD kernels did not start');
  return new KernelMemory(exports);
}

/** p = exp(x - max) of one frame through the kernels (float64 input). */
function framePass(x: Float64Array | Float32Array): { ok: number; p: Float64Array; max: number; sum: number } {
  const k = kernelMemory();
  k.ensure(1, 1, x.length);
  const f32 = x instanceof Float32Array;
  (f32 ? k.xF32 : k.f64.x).set(x);
  const run = f32 ? k.exports.framesF32 : k.exports.framesF64;
  const { ptr } = k;
  const ok = run(ptr.x, 1, x.length, ptr.p, ptr.frameMax, ptr.frameSum, 1, 0, 1);
  return { ok, p: k.f64.p.slice(0, x.length), max: k.f64.frameMax[0], sum: k.f64.frameSum[0] };
}

describe('WebAssembly SIMD kernels', () => {
  it('run in Node by default', async () => {
    expect(availableKernels()).toBe('wasm-simd');
    const backend = await createBackend({ threads: 1 });
    expect(backend.info.kernels).toBe('wasm-simd');
    await backend.dispose();
    await expect(createBackend({ kernels: 'simd' as 'js' })).rejects.toThrow(/kernels/);
  });

  it('exp is bitwise expNonPositive on [-745, 0] (subnormal results and -inf included), and within 1e-15 of Math.exp', () => {
    const uniform = seededRandom(5);
    const n = 20_001; // odd: the scalar tail too
    const x = new Float64Array(n);
    x[0] = 0; // the frame max: p = exp(x)
    for (let i = 1; i < n; i++) x[i] = i % 5 === 0 ? -700 - uniform() * 46 : -uniform() * (i % 2 ? 40 : 745);
    x[17] = -Infinity;
    x[18] = -Math.LN2;
    x[19] = -708.5; // a lane pair straddling the subnormal boundary
    x[20] = -1e-300;
    const { ok, p, max, sum } = framePass(x);
    expect(ok).toBe(1);
    expect(max).toBe(0);
    let mismatches = 0;
    let worst = 0;
    let expected = 0;
    for (let i = 0; i < n; i++) {
      const e = expNonPositive(x[i]);
      expected += e;
      if (!Object.is(p[i], e)) mismatches++;
      if (x[i] >= -700) worst = Math.max(worst, Math.abs(p[i] - Math.exp(x[i])) / Math.exp(x[i]));
    }
    expect(mismatches).toBe(0);
    expect(worst).toBeLessThan(1e-15);
    expect(p[17]).toBe(0);
    expect(p[18]).toBe(0.5);
    expect(Math.abs(sum - expected)).toBeLessThan(1e-12 * expected);
  });

  it('the frame pass flags NaN, +inf and all -inf frames, and reads float32 rows exactly', () => {
    expect(framePass(Float64Array.from([0, NaN, -1])).ok).toBe(0);
    expect(framePass(Float64Array.from([0, -1, -2, -3, NaN])).ok).toBe(0); // NaN in the tail
    expect(framePass(Float64Array.from([0, Infinity, -1, -2])).ok).toBe(0);
    expect(framePass(Float64Array.from([-Infinity, -Infinity, -Infinity])).ok).toBe(0);
    const row = Float32Array.from({ length: 37 }, (_, i) => Math.fround(Math.sin(i) * 30));
    const { ok, p, max } = framePass(row);
    expect(ok).toBe(1);
    expect(max).toBe(Math.max(...row));
    for (let i = 0; i < row.length; i++) expect(p[i]).toBe(expNonPositive(row[i] - max));
  });

  const cases: Array<{ name: string; options: CtcOptions; C: number; dtype: 'float32' | 'float64'; scale: number }> = [
    { name: 'classic, C = 1', options: {}, C: 1, dtype: 'float64', scale: 1 },
    { name: 'classic, C = 2', options: {}, C: 2, dtype: 'float32', scale: 2 },
    { name: 'simplified, C = 3', options: { variant: 'simplified' }, C: 3, dtype: 'float64', scale: 3 },
    { name: 'classic, C = 33, blank -1', options: { blankIndex: -1 }, C: 33, dtype: 'float32', scale: 4 },
    { name: 'classic logProbs, C = 7', options: { inputs: 'logProbs' }, C: 7, dtype: 'float64', scale: 1 },
    { name: 'simplified, C = 300 (C > S)', options: { variant: 'simplified' }, C: 300, dtype: 'float32', scale: 2 },
    { name: 'classic, spread 1e10 with -inf entries', options: {}, C: 6, dtype: 'float64', scale: 1e10 },
  ];
  for (const { name, options, C, dtype, scale } of cases) {
    it(`${name}: the SIMD and JavaScript loops agree (loss, gradient, HVP, Hessian), both match the reference`, () => {
      const L = C === 1 ? 0 : 5;
      const batch = randomBatch({ seed: C * 7 + 1, B: 5, T: 14, C, L, logitLength: [1, 14], labelLength: [0, L], scale, dtype, blankIndex: options.blankIndex });
      if (scale > 1e3) for (let i = 0; i < batch.logits.length; i += 5) batch.logits[i] = -Infinity;
      const v = randomBatch({ seed: C, B: 5, T: 14, C, L: 0, dtype }).logits;
      const simd = runInternal('hvp', batch, options, false, v, 'wasm-simd');
      const js = runInternal('hvp', batch, options, false, v, 'js');
      expect(simd.logPath).toBe(js.logPath);
      expectClose(simd.loss, js.loss, SAME, 'loss');
      expectClose(simd.gradient!, js.gradient!, SAME, 'gradient');
      expectClose(simd.hvp!, js.hvp!, SAME, 'hvp');
      const ref = referenceHessianVectorProduct(batch, v, options);
      expectClose(simd.loss, ref.loss, F64, 'loss vs reference');
      expectClose(simd.gradient!, ref.gradient, F64, 'gradient vs reference');
      expectClose(simd.hvp!, ref.hvp, F64, 'hvp vs reference');
      if (C <= 7) {
        const hs = runInternal('hessian', batch, options, false, null, 'wasm-simd');
        const hj = runInternal('hessian', batch, options, false, null, 'js');
        expectClose(hs.hessian!, hj.hessian!, SAME, 'hessian');
      }
    });
  }

  it('T = 10000 (float64 and float32 inputs): loss and gradient agree with the reference and the JavaScript loops', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const batch = randomBatch({ seed: 77, B: 2, T: 10_000, C: 6, L: 300, labelLength: [200, 300], logitLength: [9_000, 10_000], scale: 1, dtype });
      const simd = runInternal('gradient', batch, {}, false, null, 'wasm-simd');
      const js = runInternal('gradient', batch, {}, false, null, 'js');
      const ref = referenceHessianVectorProduct(batch, new Float64Array(batch.logits.length), {});
      expect(simd.logPath).toBe(js.logPath);
      expectClose(simd.loss, ref.loss, F64, `loss ${dtype} (${simd.logPath} of 2 on the log path)`);
      expectClose(simd.gradient!, ref.gradient, F64, `gradient ${dtype}`);
      // the frame sums' last-bit differences compound over 10^4 frames: ~1e-12 relative here
      expectClose(simd.gradient!, js.gradient!, { rtol: 1e-10, atol: 1e-12 }, `gradient vs JavaScript ${dtype}`);
    }
  });

  it('one workspace through growing and shrinking samples and calls (the views follow the memory)', () => {
    const k = kernelMemory();
    expect(k.ensure(2, 5, 3)).toBe(true);
    expect(k.ensure(2, 5, 3)).toBe(false);
    expect(k.ensure(1, 1, 1)).toBe(false);
    expect(k.ensureTangent(2, 5, 3)).toBe(true);
    expect(k.ensureTangent(1, 5, 3)).toBe(false);
    const ws = new Workspace(k);
    const batches: CtcBatch[] = [
      randomBatch({ seed: 1, B: 3, T: 5, C: 4, L: 2, logitLength: [2, 5] }),
      randomBatch({ seed: 2, B: 4, T: 90, C: 700, L: 10, logitLength: [1, 90] }), // grows mid-call
      randomBatch({ seed: 3, B: 2, T: 8, C: 5, L: 3 }),
    ];
    for (const batch of batches) {
      const v = randomBatch({ seed: 9, ...batch.dims, L: 0 }).logits;
      const opts = validateCtcCall('test', batch, {}, v);
      const out = allocateOutputs('hvp', batch.dims, (n) => new Float64Array(n), v);
      runSamples(batch, opts, out, sequential(batch.dims.B), ws);
      const js = runInternal('hvp', batch, {}, false, v, 'js');
      expectClose(out.gradient!, js.gradient!, SAME, `gradient C=${batch.dims.C}`);
      expectClose(out.hvp!, js.hvp!, SAME, `hvp C=${batch.dims.C}`);
    }
  });

  it('a gradient of another type than the frame pass staged (direct callers) takes the dense rows: same values', () => {
    const batch = randomBatch({ seed: 12, B: 3, T: 10, C: 40, L: 3, logitLength: [4, 10] });
    const opts = validateCtcCall('test', batch, {});
    const js = runInternal('gradient', batch, {}, false, null, 'js');
    for (const staged of [null, 'float32'] as const) {
      const ws = new Workspace(kernelMemory());
      const out = allocateOutputs('gradient', batch.dims, (n) => new Float64Array(n), null);
      for (let b = 0; b < batch.dims.B; b++) {
        ws.outputType = staged; // as if the call had no gradient / a float32 one
        solveSample(ws, batch, b, opts, out);
      }
      expectClose(out.gradient!, js.gradient!, SAME, `gradient, staged ${staged}`);
      expectClose(out.loss, js.loss, SAME, `loss, staged ${staged}`);
    }
  });

  it(`kernels: 'js' (and ${KERNELS_ENV}=js in a child process, workers included) runs the JavaScript loops`, async () => {
    const batch = randomBatch({ seed: 31, B: 6, T: 20, C: 9, L: 4, logitLength: [5, 20], dtype: 'float32' });
    const js1 = await createBackend({ threads: 1, kernels: 'js' });
    const js2 = await createBackend({ threads: 2, kernels: 'js', inlineBelow: 0 });
    const simd = await createBackend({ threads: 2, inlineBelow: 0 });
    try {
      expect(js1.info.kernels).toBe('js');
      expect(simd.info.kernels).toBe('wasm-simd');
      const a = await js1.lossAndGradient(batch);
      const b = await js2.lossAndGradient(batch);
      const s = await simd.lossAndGradient(batch);
      expect(bitwiseEqual(a.gradient, b.gradient)).toBe(true);
      expect(bitwiseEqual(a.loss, b.loss)).toBe(true);
      expectClose(s.gradient, a.gradient, { rtol: 1e-6, atol: 1e-7 }, 'float32 gradient, SIMD vs JavaScript');

      const index = fileURLToPath(new URL('../dist/index.js', import.meta.url));
      const script = `
        import { readFileSync } from 'node:fs';
        const { createBackend } = await import(${JSON.stringify(index)});
        const b = JSON.parse(readFileSync(process.argv[2], 'utf8'));
        const batch = { logits: Float32Array.from(b.logits), labels: Int32Array.from(b.labels), labelLength: Int32Array.from(b.labelLength), logitLength: Int32Array.from(b.logitLength), dims: b.dims };
        const backend = await createBackend({ threads: 2, inlineBelow: 0 });
        const r = await backend.lossAndGradient(batch);
        console.log(JSON.stringify({ kernels: backend.info.kernels, gradient: Array.from(r.gradient) }));
        await backend.dispose();`;
      const plain = { logits: Array.from(batch.logits), labels: Array.from(batch.labels), labelLength: Array.from(batch.labelLength), logitLength: Array.from(batch.logitLength), dims: batch.dims };
      const dir = mkdtempSync(join(tmpdir(), 'kernels-env-'));
      writeFileSync(join(dir, 'run.mjs'), script);
      writeFileSync(join(dir, 'batch.json'), JSON.stringify(plain));
      const stdout = execFileSync(process.execPath, [join(dir, 'run.mjs'), join(dir, 'batch.json')], {
        env: { ...process.env, [KERNELS_ENV]: 'js' },
        encoding: 'utf8',
      });
      rmSync(dir, { recursive: true });
      const child = JSON.parse(stdout) as { kernels: string; gradient: number[] };
      expect(child.kernels).toBe('js');
      expect(bitwiseEqual(Float32Array.from(child.gradient), a.gradient)).toBe(true);
    } finally {
      await Promise.all([js1.dispose(), js2.dispose(), simd.dispose()]);
    }
  });
});
