/** A node of the prefix trie: one labelling prefix, shared by every hypothesis that reaches it. */
export class PrefixNode {
  /** Slot of this prefix in the current beam, or -1. */
  beamSlot = -1;
  /** Children created so far, by token (with a scorer: also the cache of its answers). */
  children: Map<number, PrefixNode> | null = null;

  constructor(
    readonly parent: PrefixNode | null,
    /** Last token of the prefix, -1 for the empty prefix. */
    readonly token: number,
    readonly length: number,
    readonly scorerState: unknown,
    /** Sum of the scorer's log-scores along the prefix. */
    readonly scorerScore: number,
  ) {}

  /** The prefix's tokens, first to last. */
  labels(): Int32Array {
    const out = new Int32Array(this.length);
    for (let n: PrefixNode | null = this, i = this.length - 1; n !== null && i >= 0; n = n.parent, i--) out[i] = n.token;
    return out;
  }
}

/**
 * The tie-break order of the search: labelling a (prefix `na` extended by `ta`, or `na` itself when
 * ta < 0) against b, lexicographically by token id, a prefix before its extensions. < 0 when a comes first.
 */
export function compareLabellings(na: PrefixNode, ta: number, nb: PrefixNode, tb: number): number {
  const a = withToken(na.labels(), ta);
  const b = withToken(nb.labels(), tb);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function withToken(labels: Int32Array, token: number): ArrayLike<number> {
  if (token < 0) return labels;
  const out = new Int32Array(labels.length + 1);
  out.set(labels);
  out[labels.length] = token;
  return out;
}
