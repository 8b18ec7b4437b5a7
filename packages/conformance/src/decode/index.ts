export type { AlignOutput, BeamLawOptions, BeamOutput, CtcDecoderUnderTest, DecodeLawInput, DecodeLawOptions, DecodeLawScorer, GreedyOutput } from './decoder.js';
export { collapse, compareLabels, enumerateLabellings, type Labelling } from './enumerate.js';
export { buildDecodeCase, decodeSpecArb, withGarbage, type DecodeCase, type DecodeSpec } from './cases.js';
export type { DecodeLaw, DecodeLawContext, DecodeOperation } from './law.js';
export { DECODE_LAWS, applicableDecodeLaws, runDecodeLaws } from './laws.js';
export { describeCtcDecoder } from './describe-decoder.js';
export { DECODE_VECTORS_FILE, loadDecodeVectors, runDecodeVector, type DecodeVectorCase } from './vectors.js';
