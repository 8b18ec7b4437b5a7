import { exampleBatch, type CtcBatch, type CtcInputErrorCode, type CtcOptions, type FloatArray } from '@seq2seq-losses/spec';
import { toBackendArray, toBackendBatch } from '../batch-tools.js';
import { expectInputError, methodsOf } from '../expect-error.js';
import type { LawFailure } from '../failures.js';
import type { CtcLaw } from './types.js';

/** One bad input: a change to the valid example call and the code it must raise. */
interface BadInput {
  readonly name: string;
  readonly code: CtcInputErrorCode;
  /** Changes the (copied) batch, options or direction; never touches shared state. */
  readonly make: (call: { batch: CtcBatch; options: CtcOptions; direction: FloatArray }) => {
    batch: CtcBatch;
    options: CtcOptions;
    direction: FloatArray;
  };
  /** Only hessianVectorProduct takes a direction. */
  readonly hvpOnly?: boolean;
  /** The argument the error must name, where the case is about one. */
  readonly argument?: string;
}

// The base call is docs/math.md's example: B=2, T=5, C=3, L=4, labels [[1,2,2,1],[1,2,1,0]], blank 0.
const BAD_INPUTS: readonly BadInput[] = [
  { name: 'logits one element short', code: 'SHAPE_MISMATCH', make: (k) => ({ ...k, batch: { ...k.batch, logits: k.batch.logits.slice(1) } }) },
  { name: 'labels one element short', code: 'SHAPE_MISMATCH', make: (k) => ({ ...k, batch: { ...k.batch, labels: k.batch.labels.slice(1) } }) },
  { name: 'dims.T disagrees with logits', code: 'SHAPE_MISMATCH', make: (k) => ({ ...k, batch: { ...k.batch, dims: { ...k.batch.dims, T: 6 } } }) },
  { name: 'direction one element short', code: 'SHAPE_MISMATCH', hvpOnly: true, make: (k) => ({ ...k, direction: k.direction.slice(1) }) },
  { name: 'logitLength > T', code: 'LENGTH_OUT_OF_RANGE', make: (k) => ({ ...k, batch: { ...k.batch, logitLength: Int32Array.from([5, 6]) } }) },
  { name: 'logitLength < 0', code: 'LENGTH_OUT_OF_RANGE', make: (k) => ({ ...k, batch: { ...k.batch, logitLength: Int32Array.from([-1, 4]) } }) },
  { name: 'labelLength > L', code: 'LENGTH_OUT_OF_RANGE', make: (k) => ({ ...k, batch: { ...k.batch, labelLength: Int32Array.from([5, 3]) } }) },
  { name: 'labelLength < 0', code: 'LENGTH_OUT_OF_RANGE', make: (k) => ({ ...k, batch: { ...k.batch, labelLength: Int32Array.from([4, -1]) } }) },
  { name: 'label = C', code: 'LABEL_OUT_OF_RANGE', make: (k) => ({ ...k, batch: { ...k.batch, labels: Int32Array.from([1, 2, 3, 1, 1, 2, 1, 0]) } }) },
  { name: 'label < 0', code: 'LABEL_OUT_OF_RANGE', make: (k) => ({ ...k, batch: { ...k.batch, labels: Int32Array.from([1, 2, 2, 1, 1, -1, 1, 0]) } }) },
  { name: 'label = blank', code: 'BLANK_IN_LABEL', make: (k) => ({ ...k, batch: { ...k.batch, labels: Int32Array.from([1, 0, 2, 1, 1, 2, 1, 0]) } }) },
  { name: 'label = negative blank -1 (token 2)', code: 'BLANK_IN_LABEL', make: (k) => ({ ...k, options: { ...k.options, blankIndex: -1 } }) },
  { name: 'blankIndex = C', code: 'BLANK_OUT_OF_RANGE', make: (k) => ({ ...k, options: { ...k.options, blankIndex: 3 } }) },
  { name: 'blankIndex = -C-1', code: 'BLANK_OUT_OF_RANGE', make: (k) => ({ ...k, options: { ...k.options, blankIndex: -4 } }) },
  { name: 'unknown variant', code: 'INVALID_OPTION', make: (k) => ({ ...k, options: { ...k.options, variant: 'ctc' as never } }) },
  { name: 'unknown input mode', code: 'INVALID_OPTION', make: (k) => ({ ...k, options: { ...k.options, inputs: 'probs' as never } }) },
  { name: 'zeroInfinity not a boolean', code: 'INVALID_OPTION', make: (k) => ({ ...k, options: { ...k.options, zeroInfinity: 'yes' as never } }) },
  { name: 'blankIndex not an integer', code: 'INVALID_OPTION', make: (k) => ({ ...k, options: { ...k.options, blankIndex: 0.5 } }) },
  { name: 'logits a plain array', code: 'INVALID_OPTION', make: (k) => ({ ...k, batch: { ...k.batch, logits: Array.from(k.batch.logits) as never } }) },
  { name: 'labels a Float32Array', code: 'INVALID_OPTION', make: (k) => ({ ...k, batch: { ...k.batch, labels: Float32Array.from(k.batch.labels) as never } }) },
  { name: 'direction missing', code: 'INVALID_OPTION', hvpOnly: true, argument: 'direction', make: (k) => ({ ...k, direction: undefined as never }) },
  { name: 'unknown option reduction', code: 'INVALID_OPTION', argument: 'options.reduction', make: (k) => ({ ...k, options: { ...k.options, reduction: 'mean' } as never }) },
  { name: "unknown option blank (did you mean 'blankIndex'?)", code: 'INVALID_OPTION', argument: 'options.blank', make: (k) => ({ ...k, options: { ...k.options, blank: 3 } as never }) },
  { name: 'blankIndex null (only undefined means the default)', code: 'INVALID_OPTION', argument: 'options.blankIndex', make: (k) => ({ ...k, options: { ...k.options, blankIndex: null as never } }) },
  { name: 'timeMajor a string', code: 'INVALID_OPTION', argument: 'options.timeMajor', make: (k) => ({ ...k, options: { ...k.options, timeMajor: 'true' as never } }) },
  { name: 'dims.C = 0', code: 'SHAPE_MISMATCH', argument: 'dims.C', make: (k) => ({ ...k, batch: { ...k.batch, logits: k.batch.logits.slice(0, 0), dims: { ...k.batch.dims, C: 0 } } }) },
  { name: 'dims.T NaN', code: 'SHAPE_MISMATCH', argument: 'dims.T', make: (k) => ({ ...k, batch: { ...k.batch, dims: { ...k.batch.dims, T: NaN } } }) },
  { name: 'dims.T fractional', code: 'SHAPE_MISMATCH', argument: 'dims.T', make: (k) => ({ ...k, batch: { ...k.batch, dims: { ...k.batch.dims, T: 5.5 } } }) },
  { name: 'dims.B = 2^31', code: 'SHAPE_MISMATCH', argument: 'dims.B', make: (k) => ({ ...k, batch: { ...k.batch, dims: { ...k.batch.dims, B: 2 ** 31 } } }) },
];

/** Every CtcInputError code is raised for its bad input by every method, and nothing is returned. */
export const inputErrorsLaw: CtcLaw = {
  id: 'input-errors',
  title: 'every CtcInputError code is raised for its bad input',
  skipReason: () => undefined,
  run: async (ctx) => {
    const { backend } = ctx;
    const caps = backend.capabilities;
    const options: CtcOptions = { variant: caps.variants[0], inputs: caps.inputModes[0] };
    const failures: LawFailure[] = [];
    for (const bad of BAD_INPUTS) {
      for (const method of methodsOf(backend)) {
        if (bad.hvpOnly && method !== 'hessianVectorProduct') continue;
        const example = exampleBatch();
        const call = bad.make({
          batch: toBackendBatch(example, caps.precision),
          options,
          direction: toBackendArray(new Float64Array(example.logits.length).fill(0.5), caps.precision),
        });
        const f = await expectInputError(backend, method, call.batch, call.options, call.direction, bad.code, bad.name, bad.argument);
        if (f) failures.push(f);
      }
    }
    return failures;
  },
};
