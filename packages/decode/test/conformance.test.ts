import { describeCtcDecoder } from '@seq2seq-losses/conformance';
import { ctcBeamSearch, ctcForcedAlign, ctcGreedyDecode } from '../src/index.js';

// The shared decode laws (enumeration of every alignment, reference-cpu's -loss and occupancy) and the
// golden vectors, against this package's CPU decoders.
describeCtcDecoder('decode (cpu, float64)', () => ({
  precision: 'float64',
  greedy: ctcGreedyDecode,
  beamSearch: ctcBeamSearch,
  forcedAlign: ctcForcedAlign,
}));

describeCtcDecoder('decode (cpu, float32 inputs)', () => ({
  precision: 'float32',
  greedy: ctcGreedyDecode,
  beamSearch: ctcBeamSearch,
  forcedAlign: ctcForcedAlign,
}), { runs: 4 });
