export type {
  AlignInput,
  AlignResult,
  DecodeDims,
  DecodeInput,
  DecodeOptions,
  GreedyResult,
  ResolvedDecodeOptions,
  TokenSpan,
} from './types.js';
export { ctcGreedyDecode } from './greedy.js';
export { ctcBeamSearch, type BeamPath, type BeamSearchResult } from './beam/beam-search.js';
export type { BeamSearchOptions } from './beam/beam-options.js';
export type { CtcScorer } from './beam/scorer.js';
export { ctcForcedAlign } from './align/forced-align.js';
export { collapseAlignment } from './collapse.js';
export { validateDecodeCall } from './validate.js';
export { editDistance } from './metrics/edit-distance.js';
export { errorRates, tokenErrorRate, characterErrorRate, wordErrorRate, type ErrorRate } from './metrics/error-rates.js';
