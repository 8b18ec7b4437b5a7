import { compareLabellings, type PrefixNode } from './prefix-node.js';

/**
 * Keeps the `capacity` best hypotheses offered: a min-heap on (rank, then the reverse tie-break
 * order), so the worst kept one is on top and most offers cost one comparison. A hypothesis is the
 * prefix `node` extended by `token` (or `node` itself when token = -1) with blank / non-blank
 * log-probabilities pb, pnb and a ranking score.
 */
export class TopHypotheses {
  size = 0;
  readonly rank: Float64Array;
  readonly pb: Float64Array;
  readonly pnb: Float64Array;
  readonly token: Int32Array;
  readonly node: PrefixNode[];

  constructor(readonly capacity: number) {
    this.rank = new Float64Array(capacity);
    this.pb = new Float64Array(capacity);
    this.pnb = new Float64Array(capacity);
    this.token = new Int32Array(capacity);
    this.node = new Array<PrefixNode>(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  /** Whether a hypothesis of this rank could enter (exact ties are decided in offer). */
  admits(rank: number): boolean {
    return this.size < this.capacity || rank >= this.rank[0];
  }

  offer(rank: number, node: PrefixNode, token: number, pb: number, pnb: number): void {
    if (this.size < this.capacity) {
      const i = this.size++;
      this.put(i, rank, node, token, pb, pnb);
      this.siftUp(i);
      return;
    }
    if (!this.better(rank, node, token, 0)) return;
    this.put(0, rank, node, token, pb, pnb);
    this.siftDown(0);
  }

  /** Slot indices best first. */
  order(): number[] {
    const slots = Array.from({ length: this.size }, (_, i) => i);
    return slots.sort((a, b) => (this.better(this.rank[a], this.node[a], this.token[a], b) ? -1 : 1));
  }

  /** Whether (rank, node, token) ranks before slot i. */
  private better(rank: number, node: PrefixNode, token: number, i: number): boolean {
    if (rank !== this.rank[i]) return rank > this.rank[i];
    return compareLabellings(node, token, this.node[i], this.token[i]) < 0;
  }

  private put(i: number, rank: number, node: PrefixNode, token: number, pb: number, pnb: number): void {
    this.rank[i] = rank;
    this.node[i] = node;
    this.token[i] = token;
    this.pb[i] = pb;
    this.pnb[i] = pnb;
  }

  private swap(i: number, j: number): void {
    [this.rank[i], this.rank[j]] = [this.rank[j], this.rank[i]];
    [this.node[i], this.node[j]] = [this.node[j], this.node[i]];
    [this.token[i], this.token[j]] = [this.token[j], this.token[i]];
    [this.pb[i], this.pb[j]] = [this.pb[j], this.pb[i]];
    [this.pnb[i], this.pnb[j]] = [this.pnb[j], this.pnb[i]];
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(this.rank[p], this.node[p], this.token[p], i)) break; // parent already worse
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < this.size && !this.better(this.rank[l], this.node[l], this.token[l], worst)) worst = l;
      if (r < this.size && !this.better(this.rank[r], this.node[r], this.token[r], worst)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }
}
