/**
 * A language model or hotword hook for `ctcBeamSearch`. The search calls `extend` once per
 * (prefix, token) when it extends a prefix by a non-blank token (classic CTC: when the label grows,
 * not when a repeated frame merges), and caches the answer on the prefix. `logScore` is added to the
 * prefix's ranking score and to its returned `logProb`: weight it yourself (e.g.
 * alpha * log P_LM(token | prefix) + beta for a word bonus; a positive boost for a hotword's tokens).
 * `finish`, if given, adds a last score to each surviving prefix (e.g. an end-of-sentence log-prob).
 * Must be deterministic and synchronous; states are opaque to the search.
 */
export interface CtcScorer<State = unknown> {
  /** The empty prefix's state. */
  initialState(): State;
  /** The prefix extended by `token`: its new state and the log-score it adds. */
  extend(state: State, token: number): { readonly state: State; readonly logScore: number };
  /** Optional score added to every final path. */
  finish?(state: State): number;
}
