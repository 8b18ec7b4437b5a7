import type {
  AcceptedCtcCall,
  AcceptedHvpCall,
  CtcBatch,
  CtcPrecision,
  FloatArray,
  PartialCtcBackendCore,
  ResolvedCtcOptions,
} from '@seq2seq-losses/spec';
import { computeBatch, type ComputeRequest, type ComputeResult } from './compute.js';
import { HUGE_LOG } from './wide-log.js';

/**
 * The magnitude of a lattice log-probability from which a backend's own arithmetic cannot be
 * trusted: 2^10 for float64 arithmetic (where reference-cpu switches to wide log-values), 2^8 for
 * float32 (ulp(256) = 3e-5, so log-weights of alignments that all pay it keep ~1e-5).
 */
export function hugeLogThreshold(precision: CtcPrecision): number {
  return precision === 'float64' ? HUGE_LOG : 256;
}

/**
 * Whether a sample with this loss (as a backend computed it) can owe it to huge log-probabilities:
 * if every alignment pays a lattice log-probability of magnitude M, the loss is at least
 * M - log(number of alignments); below 1000 the magnitudes that matter are ones float32 and float64
 * resolve (as on long ordinary samples). NaN, infinite and 0 losses (an impossible sample under
 * zeroInfinity) count too. The cheap gate before the O(T_b C) scan of hugeSamples.
 */
export function lossMayHideHugeLogs(loss: number): boolean {
  return !(Math.abs(loss) < 1000) || loss === 0;
}

/**
 * The samples b (ascending) with a lattice token (the blank or one of the label's tokens) whose
 * log-probability on a valid frame reaches -threshold (+-threshold in 'logProbs' mode). In 'logits'
 * mode it tests x - max_c x <= -threshold, which z = x - max - log Z <= x - max implies: O(T_b C)
 * comparisons, no exp. Tokens outside the lattice never enter the recursions and do not count.
 * `candidates` (ascending; default every item) limits the scan.
 */
export function hugeSamples(batch: CtcBatch, opts: ResolvedCtcOptions, threshold: number, candidates?: Iterable<number>): number[] {
  const { B, T, C, L } = batch.dims;
  const x = batch.logits;
  const found: number[] = [];
  for (const b of candidates ?? Array.from({ length: B }, (_, i) => i)) {
    const tokens = new Set<number>([opts.blankIndex]);
    for (let u = 0; u < batch.labelLength[b]; u++) tokens.add(batch.labels[b * L + u]);
    const huge = (v: number) => (opts.inputs === 'logits' ? v <= -threshold && v !== -Infinity : Number.isFinite(v) && Math.abs(v) >= threshold);
    let hit = false;
    for (let t = 0; t < batch.logitLength[b] && !hit; t++) {
      const row = (b * T + t) * C;
      let m = 0;
      if (opts.inputs === 'logits') {
        m = -Infinity;
        for (let c = 0; c < C; c++) if (x[row + c] > m) m = x[row + c];
        if (!Number.isFinite(m)) continue; // a NaN sample either way
      }
      for (const c of tokens) if (huge(x[row + c] - m)) hit = true;
    }
    if (hit) found.push(b);
  }
  return found;
}

/** The items `samples` of a batch (and of a [B, T, C] direction) as a batch of their own. */
function gather(batch: CtcBatch, samples: readonly number[], direction?: ArrayLike<number>): { batch: CtcBatch; direction?: Float64Array } {
  const { T, C, L } = batch.dims;
  const k = samples.length;
  const logits = new Float64Array(k * T * C);
  const labels = new Int32Array(k * L);
  const dir = direction ? new Float64Array(k * T * C) : undefined;
  samples.forEach((b, i) => {
    logits.set(batch.logits.subarray(b * T * C, (b + 1) * T * C), i * T * C);
    labels.set(batch.labels.subarray(b * L, (b + 1) * L), i * L);
    if (dir && direction) for (let j = 0; j < T * C; j++) dir[i * T * C + j] = direction[b * T * C + j];
  });
  const pick = (a: ArrayLike<number>) => Int32Array.from(samples, (b) => a[b]);
  return { batch: { logits, labels, labelLength: pick(batch.labelLength), logitLength: pick(batch.logitLength), dims: { B: k, T, C, L } }, direction: dir };
}

/** Overwrites the outputs of `samples` in `out` with the reference's results for them. */
function patch(out: { loss: FloatArray; gradient?: FloatArray; hvp?: FloatArray; hessian?: FloatArray }, exact: ComputeResult, samples: readonly number[], frames: number): void {
  samples.forEach((b, i) => {
    out.loss[b] = exact.loss[i];
    const rows = (a: FloatArray | undefined, e: Float64Array | undefined, size: number) => a && e && a.set(e.subarray(i * size, (i + 1) * size), b * size);
    rows(out.gradient, exact.gradient, frames);
    rows(out.hvp, exact.hvp, frames);
    rows(out.hessian, exact.hessian, frames * frames);
  });
}

/**
 * A backend core whose results for samples with huge lattice log-probabilities (hugeSamples at
 * hugeLogThreshold of its precision) are reference-cpu's exact ones: the inner core runs the whole
 * accepted call as before (outputs for every other sample unchanged), then those samples alone are
 * recomputed here and written over its outputs. It works on accepted calls (validated, batch-major,
 * options resolved), so wrap the core before `defineCtcBackend`, with a policy whose inputs stay
 * unchanged across the core's awaits (`snapshot`, or arrays the core owns). Only samples whose loss
 * passes lossMayHideHugeLogs are scanned: ordinary batches cost one pass over the loss. For cores
 * whose arithmetic (float32 graphs, shaders) cannot keep 1e30 and 0.5 apart.
 */
export function withExactHugeSamples<Core extends PartialCtcBackendCore>(inner: Core): Core {
  const threshold = hugeLogThreshold(inner.capabilities.precision);
  const exactly = (call: AcceptedCtcCall, loss: ArrayLike<number>, request: ComputeRequest) => {
    const candidates: number[] = [];
    for (let b = 0; b < loss.length; b++) if (lossMayHideHugeLogs(loss[b])) candidates.push(b);
    if (candidates.length === 0) return null;
    const samples = hugeSamples(call.batch, call.options, threshold, candidates);
    if (samples.length === 0) return null;
    const sub = gather(call.batch, samples, request.direction);
    return { samples, exact: computeBatch(sub.batch, call.options, { ...request, direction: sub.direction }) };
  };
  const frames = (call: AcceptedCtcCall) => call.batch.dims.T * call.batch.dims.C;
  const { hessianVectorProduct, hessian } = inner;
  // Everything else (name, capabilities, info, dispose, core-specific members) reads through to `inner`.
  const overrides: Partial<PartialCtcBackendCore> = {
    async loss(call) {
      const loss = await inner.loss(call);
      const e = exactly(call, loss, {});
      if (e) patch({ loss }, e.exact, e.samples, frames(call));
      return loss;
    },
    async lossAndGradient(call) {
      const r = await inner.lossAndGradient(call);
      const e = exactly(call, r.loss, { gradient: true });
      if (e) patch(r, e.exact, e.samples, frames(call));
      return r;
    },
  };
  if (hessianVectorProduct) {
    overrides.hessianVectorProduct = async (call: AcceptedHvpCall) => {
      const r = await hessianVectorProduct.call(inner, call);
      const e = exactly(call, r.loss, { gradient: true, direction: call.direction });
      if (e) patch(r, e.exact, e.samples, frames(call));
      return r;
    };
  }
  if (hessian) {
    overrides.hessian = async (call: AcceptedCtcCall) => {
      const r = await hessian.call(inner, call);
      const e = exactly(call, r.loss, { gradient: true, hessian: true });
      if (e) patch(r, e.exact, e.samples, frames(call));
      return r;
    };
  }
  return Object.assign(Object.create(inner) as Core, overrides);
}
