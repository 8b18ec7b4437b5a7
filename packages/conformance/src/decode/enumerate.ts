import { logAddExp, type CtcVariant } from '@seq2seq-losses/spec';

/** Every labelling reachable in T frames, with log P (sum over its alignments) and its best single path. */
export interface Labelling {
  readonly labels: number[];
  /** log sum over alignments pi of prod_t p[t, pi_t]. */
  readonly logProb: number;
  /** max over alignments of sum_t z[t, pi_t]. */
  readonly bestPath: number;
  /** The alignment that attains it (the first in token order on ties). */
  readonly bestAlignment: number[];
}

/** The label an alignment maps to (classic: merge repeats, then drop blanks; simplified: drop blanks). */
export function collapse(path: readonly number[], variant: CtcVariant, blank: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < path.length; t++) {
    const c = path[t];
    if (c !== blank && (variant === 'simplified' || t === 0 || path[t - 1] !== c)) out.push(c);
  }
  return out;
}

/**
 * Brute force over all C^T alignments of one sample: z is [T, C] log-probabilities. Paths through a
 * -inf entry are skipped. Returns the labellings with finite probability, best first (ties: token ids).
 * Only for tiny cases (C^T <= ~1e5).
 */
export function enumerateLabellings(z: Float64Array, T: number, C: number, blank: number, variant: CtcVariant): Labelling[] {
  const sums = new Map<string, { labels: number[]; logProb: number; best: number; alignment: number[] }>();
  const path = new Array<number>(T).fill(0);
  const visit = (t: number, score: number) => {
    if (score === -Infinity) return;
    if (t === T) {
      const labels = collapse(path, variant, blank);
      const key = labels.join(',');
      const entry = sums.get(key) ?? { labels, logProb: -Infinity, best: -Infinity, alignment: [] };
      entry.logProb = logAddExp(entry.logProb, score);
      if (score > entry.best) {
        entry.best = score;
        entry.alignment = path.slice();
      }
      sums.set(key, entry);
      return;
    }
    for (let c = 0; c < C; c++) {
      path[t] = c;
      visit(t + 1, score + z[t * C + c]);
    }
  };
  visit(0, 0);
  const out = [...sums.values()].map(({ labels, logProb, best, alignment }) => ({ labels, logProb, bestPath: best, bestAlignment: alignment }));
  return out.sort((a, b) => b.logProb - a.logProb || compareLabels(a.labels, b.labels));
}

/** Lexicographic by token id, a prefix before its extensions. */
export function compareLabels(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
