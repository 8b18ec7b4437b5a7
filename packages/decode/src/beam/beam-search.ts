import { logAddExp } from '@seq2seq-losses/spec';
import { frameOffsetOf, readLogProbs } from '../frames.js';
import type { DecodeInput } from '../types.js';
import { fail, validateDecodeCall } from '../validate.js';
import { resolveBeamOptions, type BeamSearchOptions, type ResolvedBeamOptions } from './beam-options.js';
import { frameTokens } from './frame-tokens.js';
import { compareLabellings, PrefixNode } from './prefix-node.js';
import { TopHypotheses } from './top-k.js';

export interface BeamPath {
  readonly labels: Int32Array;
  /** log P(labels | x) summed over every alignment kept by the search (= -loss without pruning), plus the scorer's scores. */
  readonly logProb: number;
}

export interface BeamSearchResult {
  /** Per sample, at most topPaths paths, best first. */
  readonly paths: BeamPath[][];
}

const FN = 'ctcBeamSearch';

/**
 * CTC prefix beam search (Hannun et al. 2014) in log space. Every prefix l carries
 *   classic:    pb(l) = P(l, path ends in blank), pnb(l) = P(l, path ends in l's last token);
 *               a blank keeps l (pb' += pb + pnb), repeating the last token a merges (pnb' += pnb),
 *               a token c extends to l+c (pnb'(l+c) += (c == a ? pb : pb + pnb));
 *   simplified: one probability p(l) (every non-blank frame emits, so how the path ends does not
 *               matter): a blank keeps l (p' += p), any token c extends (p'(l+c) += p).
 * After each frame the beamWidth best prefixes by log(pb + pnb) + scorer score survive; ties go to
 * the labelling that is smaller by token id (a prefix before its extensions). Without pruning (a beam
 * as wide as the number of prefixes) each logProb is exactly -loss of that labelling.
 */
export function ctcBeamSearch(input: DecodeInput, options: BeamSearchOptions): BeamSearchResult {
  const opts = validateDecodeCall(FN, input, options);
  const beam = resolveBeamOptions(FN, options ?? ({} as BeamSearchOptions), input.dims.C);
  const { B } = input.dims;
  const offsetOf = frameOffsetOf(input.dims, opts.timeMajor);
  const search = new SampleSearch(input.dims.C, opts.blankIndex, opts.variant === 'classic', opts.inputs === 'logits', beam);
  const paths: BeamPath[][] = [];
  for (let b = 0; b < B; b++) paths.push(search.run(input.logits, (t) => offsetOf(b, t), input.logitLength[b]));
  return { paths };
}

/** Buffers reused across samples: [W] beam arrays, [C] frame scratch. */
class SampleSearch {
  private readonly z: Float64Array; // [C] the frame's log-probabilities
  private readonly tokens: Int32Array; // [C] tokens that may start new prefixes at this frame, most probable first
  private readonly tokenHeap: Int32Array; // [C] scratch of frameTokens
  private readonly allowed: Uint8Array; // [C] 1: the cut-offs let token c extend prefixes at this frame
  private readonly childMark: Int32Array; // [C] stamp: token c leads to a prefix already in the beam
  private stamp = 0;
  private readonly heap: TopHypotheses;
  private nodes: PrefixNode[] = [];
  private readonly pb: Float64Array; // [W]
  private readonly pnb: Float64Array; // [W]
  private readonly nextPb: Float64Array; // [W]
  private readonly nextPnb: Float64Array; // [W]
  private readonly total: Float64Array; // [W] log(pb + pnb)
  private readonly firstChild: Int32Array; // [W] children lists of beam slots within the beam
  private readonly nextSibling: Int32Array; // [W]

  constructor(
    private readonly C: number,
    private readonly blank: number,
    private readonly merge: boolean,
    private readonly logits: boolean,
    private readonly beam: ResolvedBeamOptions,
  ) {
    const W = beam.beamWidth;
    this.z = new Float64Array(C);
    this.tokens = new Int32Array(C);
    this.tokenHeap = new Int32Array(C);
    this.allowed = new Uint8Array(C);
    this.childMark = new Int32Array(C);
    this.heap = new TopHypotheses(W);
    this.pb = new Float64Array(W);
    this.pnb = new Float64Array(W);
    this.nextPb = new Float64Array(W);
    this.nextPnb = new Float64Array(W);
    this.total = new Float64Array(W);
    this.firstChild = new Int32Array(W);
    this.nextSibling = new Int32Array(W);
  }

  run(x: ArrayLike<number>, frameOffset: (t: number) => number, Tb: number): BeamPath[] {
    const scorer = this.beam.scorer;
    const root = new PrefixNode(null, -1, 0, scorer?.initialState(), 0);
    this.nodes = [root];
    this.pb[0] = 0; // the empty prefix, as if after a blank
    this.pnb[0] = -Infinity;
    for (let t = 0; t < Tb; t++) {
      if (!readLogProbs(x, frameOffset(t), this.C, this.logits, this.z)) return [{ labels: new Int32Array(0), logProb: NaN }];
      this.step();
    }
    return this.finish();
  }

  /** One frame: every surviving prefix's stay / merge / extend transitions, then the beamWidth best. */
  private step(): void {
    const { z, blank, merge, nodes, pb, pnb, nextPb, nextPnb, total, firstChild, nextSibling, allowed, childMark, heap } = this;
    const n = nodes.length;
    const scorer = this.beam.scorer;
    const useful = scorer ? this.C : 2 * this.beam.beamWidth; // a scorer may reorder any extension
    const cut = { minLogProb: this.beam.tokenMinLogProb, perFrame: this.beam.tokensPerFrame };
    const nTok = frameTokens(z, this.C, blank, cut, useful, !scorer, allowed, this.tokens, this.tokenHeap);
    for (let i = 0; i < n; i++) {
      nodes[i].beamSlot = i;
      firstChild[i] = -1;
    }
    for (let j = 0; j < n; j++) {
      const parent = nodes[j].parent;
      if (parent !== null && parent.beamSlot >= 0) {
        nextSibling[j] = firstChild[parent.beamSlot];
        firstChild[parent.beamSlot] = j;
      }
    }
    // Stay: a blank, or (classic) the last token again, merged.
    for (let i = 0; i < n; i++) {
      total[i] = logAddExp(pb[i], pnb[i]);
      nextPb[i] = total[i] + z[blank];
      const last = nodes[i].token;
      nextPnb[i] = merge && last >= 0 ? pnb[i] + z[last] : -Infinity;
    }
    // Extensions that land on a prefix already in the beam.
    for (let i = 0; i < n; i++) {
      for (let j = firstChild[i]; j >= 0; j = nextSibling[j]) {
        const c = nodes[j].token;
        if (!allowed[c]) continue;
        const v = (merge && c === nodes[i].token ? pb[i] : total[i]) + z[c];
        if (merge) nextPnb[j] = logAddExp(nextPnb[j], v);
        else nextPb[j] = logAddExp(nextPb[j], v);
      }
    }
    heap.clear();
    for (let i = 0; i < n; i++) {
      const tot = logAddExp(nextPb[i], nextPnb[i]);
      if (tot > -Infinity) heap.offer(tot + nodes[i].scorerScore, nodes[i], -1, nextPb[i], nextPnb[i]);
    }
    // Extensions to new prefixes.
    for (let i = 0; i < n; i++) {
      const node = nodes[i];
      const stamp = ++this.stamp;
      for (let j = firstChild[i]; j >= 0; j = nextSibling[j]) childMark[nodes[j].token] = stamp;
      for (let k = 0; k < nTok; k++) {
        const c = this.tokens[k];
        // Tokens come most probable first: without a scorer none after this one can enter either.
        if (!scorer && !heap.admits(total[i] + z[c] + node.scorerScore)) break;
        if (childMark[c] === stamp) continue;
        const v = (merge && c === node.token ? pb[i] : total[i]) + z[c];
        if (v === -Infinity) continue;
        const rank = v + (scorer ? this.child(node, c).scorerScore : node.scorerScore);
        if (!heap.admits(rank)) continue;
        heap.offer(rank, node, c, merge ? -Infinity : v, merge ? v : -Infinity);
      }
    }
    for (let i = 0; i < n; i++) nodes[i].beamSlot = -1;
    const next: PrefixNode[] = [];
    for (let s = 0; s < heap.size; s++) {
      const token = heap.token[s];
      next.push(token < 0 ? heap.node[s] : this.child(heap.node[s], token));
      pb[s] = heap.pb[s];
      pnb[s] = heap.pnb[s];
    }
    this.nodes = next;
  }

  /** The surviving prefixes with the scorer's last word, best first. */
  private finish(): BeamPath[] {
    const finish = this.beam.scorer?.finish;
    const scored = this.nodes.map((node, i) => ({
      node,
      logProb: logAddExp(this.pb[i], this.pnb[i]) + node.scorerScore + (finish ? finish.call(this.beam.scorer, node.scorerState) : 0),
    }));
    scored.sort((a, b) => (a.logProb !== b.logProb ? b.logProb - a.logProb : compareLabellings(a.node, -1, b.node, -1)));
    return scored.slice(0, this.beam.topPaths).map(({ node, logProb }) => ({ labels: node.labels(), logProb }));
  }

  /** The trie child of `node` by `token`, created (and scored) on first use. */
  private child(node: PrefixNode, token: number): PrefixNode {
    const children = (node.children ??= new Map());
    let child = children.get(token);
    if (child === undefined) {
      let state: unknown;
      let score = node.scorerScore;
      const scorer = this.beam.scorer;
      if (scorer) {
        const r = scorer.extend(node.scorerState, token);
        if (typeof r?.logScore !== 'number' || Number.isNaN(r.logScore)) {
          fail('INVALID_OPTION', FN, 'options.scorer', `expected scorer.extend to return a numeric logScore, got ${String(r?.logScore)} for token ${token}`);
        }
        state = r.state;
        score += r.logScore;
      }
      child = new PrefixNode(node, token, node.length + 1, state, score);
      children.set(token, child);
    }
    return child;
  }
}
