import type { KernelMemory } from './wasm/memory.js';

/**
 * Per-thread scratch memory, grown on demand and reused across samples and calls, so a steady
 * stream of batches allocates nothing in the hot loops.
 *
 * Lattice rows are stored with a stride W = S + 4: state s lives at column s + 2, and the two
 * columns on each side of a row's live window are kept at 0, so the recursions read s - 2 .. s + 2
 * without bounds checks.
 *
 * With WebAssembly kernels (`kernels`), every array but the Hessian's is a view into the kernels'
 * memory (re-read them from the workspace after ensure / ensureTangent, which may move them).
 */
export class Workspace {
  /** The WebAssembly SIMD kernels of this thread, or null: the JavaScript loops. */
  readonly kernels: KernelMemory | null;

  constructor(kernels: KernelMemory | null = null) {
    this.kernels = kernels;
  }

  /** [W] token emitted by state s (column s + 2). */
  token = new Int32Array(0);
  /** [W] 1 if s -> s is allowed / 1 if s - 2 -> s is allowed; 0 on the pads. */
  stay = new Float64Array(0);
  skip = new Float64Array(0);
  /** [S] earliest frame state s can be occupied / fewest frames left to reach a final state. */
  reach = new Int32Array(0);
  need = new Int32Array(0);
  /** [Tb] live window of frame t: states lo[t] ..= hi[t]. */
  lo = new Int32Array(0);
  hi = new Int32Array(0);
  /** [Tb * W] emission probabilities (or log-probabilities in the log path) per state. */
  emit = new Float64Array(0);
  /** [Tb * W] forward / backward variables, rescaled per frame (or log, shifted per frame). */
  alpha = new Float64Array(0);
  beta = new Float64Array(0);
  /** [Tb * W] centred direction per state, and the forward tangent. */
  vc = new Float64Array(0);
  tangent = new Float64Array(0);
  /** [Tb * C] softmax numerators exp(x[t, c] - max_c x[t, c]) ('logits' mode); times frameInvZ[t] = p. */
  p = new Float64Array(0);
  /** [Tb] per-frame max of the inputs, log of the softmax normaliser, row scales, frame normalisers. */
  frameMax = new Float64Array(0);
  frameLogZ = new Float64Array(0);
  frameInvZ = new Float64Array(0);
  scaleA = new Float64Array(0);
  scaleB = new Float64Array(0);
  frameZ = new Float64Array(0);
  /** [W] row scratch: two ping-pong rows for the backward passes, per-state posterior and weight. */
  rowA = new Float64Array(0);
  rowB = new Float64Array(0);
  post = new Float64Array(0);
  weight = new Float64Array(0);
  /** [C] occupancy row and covariance row, all-zero between uses. */
  gammaRow = new Float64Array(0);
  covRow = new Float64Array(0);
  /** Float type of the current call's gradient (set by runSamples; null: loss only): the kernels stage rows in it. */
  outputType: 'float32' | 'float64' | null = 'float64';
  /** Tests only: always take the log-space path. */
  forceLog = false;
  /** Set by probForward: some live alpha fell below 1e-290 after rescaling (a check is needed). */
  tiny = false;
  /** [Tb * C] a unit direction and one Hessian column (full Hessian only). */
  unit = new Float64Array(0);
  column = new Float64Array(0);

  /** Makes every buffer large enough for a sample with Tb frames, S states and C tokens. */
  ensure(Tb: number, S: number, C: number): void {
    if (this.kernels) {
      if (this.kernels.ensure(Tb, S, C)) this.adoptKernelViews();
      return;
    }
    const W = S + 4;
    if (this.token.length < W) {
      this.token = new Int32Array(W);
      this.stay = new Float64Array(W);
      this.skip = new Float64Array(W);
      this.reach = new Int32Array(W);
      this.need = new Int32Array(W);
      this.rowA = new Float64Array(W);
      this.rowB = new Float64Array(W);
      this.post = new Float64Array(W);
      this.weight = new Float64Array(W);
    }
    if (this.lo.length < Tb) {
      this.lo = new Int32Array(Tb);
      this.hi = new Int32Array(Tb);
      this.frameMax = new Float64Array(Tb);
      this.frameLogZ = new Float64Array(Tb);
      this.frameInvZ = new Float64Array(Tb);
      this.scaleA = new Float64Array(Tb);
      this.scaleB = new Float64Array(Tb);
      this.frameZ = new Float64Array(Tb);
    }
    if (this.alpha.length < Tb * W) {
      this.emit = new Float64Array(Tb * W);
      this.alpha = new Float64Array(Tb * W);
      this.beta = new Float64Array(Tb * W);
      this.vc = new Float64Array(0); // grown lazily by ensureTangent
      this.tangent = new Float64Array(0);
    }
    if (this.p.length < Tb * C) this.p = new Float64Array(Tb * C);
    if (this.gammaRow.length < C) {
      this.gammaRow = new Float64Array(C);
      this.covRow = new Float64Array(C);
    }
  }

  private adoptKernelViews(): void {
    const { f64, i32 } = this.kernels!;
    ({ token: this.token, reach: this.reach, need: this.need, lo: this.lo, hi: this.hi } = i32);
    ({ stay: this.stay, skip: this.skip, rowA: this.rowA, rowB: this.rowB, post: this.post, weight: this.weight } = f64);
    ({ frameMax: this.frameMax, frameLogZ: this.frameLogZ, frameInvZ: this.frameInvZ } = f64);
    ({ scaleA: this.scaleA, scaleB: this.scaleB, frameZ: this.frameZ } = f64);
    ({ emit: this.emit, alpha: this.alpha, beta: this.beta, p: this.p, vc: this.vc, tangent: this.tangent } = f64);
    this.gammaRow = f64.gamma;
    this.covRow = f64.cov;
  }

  /** Buffers of the Hessian-vector product only (C: the direction's staging for the kernels). */
  ensureTangent(Tb: number, S: number, C: number): void {
    if (this.kernels) {
      if (this.kernels.ensureTangent(Tb, S, C)) this.adoptKernelViews();
      return;
    }
    const n = Tb * (S + 4);
    if (this.vc.length < n) {
      this.vc = new Float64Array(n);
      this.tangent = new Float64Array(n);
    }
  }

  /** Buffers of the full Hessian only. */
  ensureHessian(Tb: number, C: number): void {
    if (this.unit.length < Tb * C) {
      this.unit = new Float64Array(Tb * C);
      this.column = new Float64Array(Tb * C);
    }
  }
}
