import type { DecodeOptions } from '../types.js';
import { fail, integerOption } from '../validate.js';
import type { CtcScorer } from './scorer.js';

export interface BeamSearchOptions extends DecodeOptions {
  /** Prefixes kept after each frame (>= 1). */
  readonly beamWidth: number;
  /** Paths returned per sample, best first; default 1, at most beamWidth. */
  readonly topPaths?: number;
  /** Per-frame cut-off: tokens whose log-probability at the frame is below it do not extend prefixes (the frame's best non-blank token always may). Default -Infinity. */
  readonly tokenMinLogProb?: number;
  /** Per-frame top-k: at most this many tokens (the most probable) extend prefixes. Default all. */
  readonly tokensPerFrame?: number;
  /** A language model or hotword hook, called when a prefix is extended by a token. */
  readonly scorer?: CtcScorer<any>;
}

export interface ResolvedBeamOptions {
  readonly beamWidth: number;
  readonly topPaths: number;
  readonly tokenMinLogProb: number;
  readonly tokensPerFrame: number;
  readonly scorer: CtcScorer<any> | undefined;
}

export function resolveBeamOptions(fn: string, options: BeamSearchOptions, C: number): ResolvedBeamOptions {
  const beamWidth = integerOption(fn, 'beamWidth', options.beamWidth, 1, Infinity);
  const topPaths = integerOption(fn, 'topPaths', options.topPaths, 1, beamWidth, 1);
  const tokensPerFrame = integerOption(fn, 'tokensPerFrame', options.tokensPerFrame, 1, Infinity, Math.max(C, 1));
  const tokenMinLogProb = options.tokenMinLogProb ?? -Infinity;
  if (typeof tokenMinLogProb !== 'number' || Number.isNaN(tokenMinLogProb)) {
    fail('INVALID_OPTION', fn, 'options.tokenMinLogProb', `expected \`options.tokenMinLogProb\` to be a number, got ${String(tokenMinLogProb)}`);
  }
  const scorer = options.scorer;
  if (scorer !== undefined && (scorer === null || typeof scorer.initialState !== 'function' || typeof scorer.extend !== 'function')) {
    fail('INVALID_OPTION', fn, 'options.scorer', 'expected `options.scorer` to have initialState() and extend(state, token) functions');
  }
  return { beamWidth, topPaths, tokenMinLogProb, tokensPerFrame, scorer };
}
