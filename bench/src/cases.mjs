/**
 * The benchmark cases: one named row per shape. Inputs come from spec's seeded `randomBatch`
 * (logits ~ N(0, 1), labels never hold the blank), so every backend and PyTorch see the same numbers.
 *
 * Fields: B samples, T frames, C tokens (blank 0 included), L label slots; labelLength / logitLength
 * are inclusive [min, max] ranges; ops lists what is timed (--full, both variants);
 * quickOps what the quick default times (empty: not in the quick run), in quickVariants.
 * @typedef {'forward' | 'lossAndGradient' | 'hvp' | 'hessian'} BenchOp
 * @typedef {'classic' | 'simplified'} BenchVariant
 * @typedef {{
 *   name: string, source: string, B: number, T: number, C: number, L: number,
 *   labelLength: [number, number], logitLength: [number, number],
 *   ops: BenchOp[], quickOps: BenchOp[], quickVariants: BenchVariant[], seed: number,
 * }} BenchCase
 */

/** @type {readonly BenchOp[]} */
export const BENCH_OPS = ['forward', 'lossAndGradient', 'hvp', 'hessian'];

/** quickVariants: the quick run times simplified CTC on warpctc-c28 only; --full times both variants everywhere. */
const CLASSIC = /** @type {BenchVariant[]} */ (['classic']);
const BOTH = /** @type {BenchVariant[]} */ (['classic', 'simplified']);

/** @type {readonly BenchCase[]} */
export const BENCH_CASES = [
  {
    name: 'tiny',
    source: 'smoke test: every op in milliseconds',
    B: 4, T: 20, C: 6, L: 6, labelLength: [2, 6], logitLength: [14, 20],
    ops: ['forward', 'lossAndGradient', 'hvp', 'hessian'], quickOps: [], quickVariants: BOTH, seed: 1,
  },
  {
    name: 'original',
    source: "the original Python library's benchmark (normal logits)",
    B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126], logitLength: [127, 254],
    ops: ['forward', 'lossAndGradient', 'hvp'], quickOps: ['lossAndGradient'], quickVariants: CLASSIC, seed: 2,
  },
  {
    name: 'warpctc-c28',
    source: "warp-ctc's published CPU case (small vocabulary)",
    B: 32, T: 150, C: 28, L: 40, labelLength: [40, 40], logitLength: [150, 150],
    ops: ['forward', 'lossAndGradient', 'hvp'], quickOps: ['forward', 'lossAndGradient', 'hvp'], quickVariants: BOTH, seed: 3,
  },
  {
    name: 'warpctc-c5000',
    source: "warp-ctc's published CPU case (large vocabulary)",
    B: 32, T: 150, C: 5000, L: 20, labelLength: [20, 20], logitLength: [150, 150],
    ops: ['forward', 'lossAndGradient'], quickOps: ['lossAndGradient'], quickVariants: CLASSIC, seed: 4,
  },
  // The T sweep (B=32, C=28, L=40; with warpctc-c28 at T=150): time against T.
  {
    name: 'length-300',
    source: 'T sweep',
    B: 32, T: 300, C: 28, L: 40, labelLength: [40, 40], logitLength: [300, 300],
    ops: ['lossAndGradient'], quickOps: ['lossAndGradient'], quickVariants: CLASSIC, seed: 5,
  },
  {
    name: 'length-600',
    source: 'T sweep',
    B: 32, T: 600, C: 28, L: 40, labelLength: [40, 40], logitLength: [600, 600],
    ops: ['lossAndGradient'], quickOps: [], quickVariants: CLASSIC, seed: 6,
  },
  {
    name: 'long-1000',
    source: 'long sequences (T sweep end point)',
    B: 32, T: 1000, C: 28, L: 40, labelLength: [40, 40], logitLength: [1000, 1000],
    ops: ['forward', 'lossAndGradient', 'hvp'], quickOps: ['lossAndGradient'], quickVariants: CLASSIC, seed: 7,
  },
  {
    name: 'long-5000',
    source: 'one long sample (aligning long audio): its lattice (T x (2U+1) two-float, 160 MB) is over a 128 MiB binding',
    B: 1, T: 5000, C: 30, L: 2000, labelLength: [2000, 2000], logitLength: [5000, 5000],
    ops: ['forward', 'lossAndGradient', 'hvp'], quickOps: [], quickVariants: CLASSIC, seed: 9,
  },
  {
    name: 'hessian',
    source: 'full Hessian; the original library needs ~425 MB of intermediates per sample here',
    B: 1, T: 100, C: 32, L: 50, labelLength: [50, 50], logitLength: [100, 100],
    ops: ['hessian'], quickOps: ['hessian'], quickVariants: CLASSIC, seed: 8,
  },
];

/** Cases that share B, C and L and differ only in T: the "time against T" chart. */
export const T_SWEEP_CASES = ['warpctc-c28', 'length-300', 'length-600', 'long-1000'];

/** @param {string} name */
export function benchCase(name) {
  return BENCH_CASES.find((c) => c.name === name);
}

/**
 * Backend x case pairs the quick run leaves out (too slow for a one-minute run on the 2-core
 * machine; measured there). --full, or naming both the case and the backend, runs them.
 * @type {ReadonlyArray<{ case: string, backends: readonly string[], reason: string }>}
 */
export const QUICK_SKIPS = [
  { case: 'hessian', backends: ['webgpu', 'tfjs-webgpu'], reason: '~8 s per call on lavapipe, minutes on SwiftShader' },
  { case: 'warpctc-c5000', backends: ['onnx-f64'], reason: '3-4 s per call here' },
  { case: 'original', backends: ['onnx-f64'], reason: '1-3 s per call here' },
  { case: 'hessian', backends: ['onnx', 'onnx-f64'], reason: '2-3 s per call here (float32), over 5 s in float64' },
];
