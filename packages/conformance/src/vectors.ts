import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CtcVectorFormatError,
  describeError,
  readVectorFile,
  type CtcBackend,
  type CtcVectorCase,
  type Tolerance,
} from '@seq2seq-losses/spec';
import { toBackendArray, toBackendBatch } from './batch-tools.js';
import { expectInputError, methodsOf } from './expect-error.js';
import { compareQuantity, itemShape, type LawFailure } from './failures.js';
import { guarded } from './property.js';
import { widenTolerance } from './tolerance.js';

/** A vector file after reading. */
export interface VectorFile {
  readonly path: string;
  readonly cases: readonly CtcVectorCase[];
}

/** The directory of this package's golden vectors (packages/conformance/vectors). */
export const VECTORS_DIR = fileURLToPath(new URL('../vectors/', import.meta.url));

/** The package's own ctc-vectors/1 files, sorted by name (not decode.json, the decoders' vectors). */
export function defaultVectorFiles(): string[] {
  return readdirSync(VECTORS_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'decode.json') // decode.json: decode-vectors/1, for decoders (decode/vectors.ts)
    .sort()
    .map((f) => VECTORS_DIR + f);
}

/**
 * Reads one ctc-vectors/1 file. Throws CtcVectorFormatError (its `path` names the JSON location;
 * '$' for a file that cannot be read or parsed).
 */
export function loadVectorFile(path: string): VectorFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CtcVectorFormatError('$', `cannot read the file (${describeError(error)})`);
  }
  return { path, cases: readVectorFile(text) };
}

/** Why a backend cannot run a case, from its declared capabilities, or undefined. */
export function vectorSkipReason(backend: CtcBackend, c: CtcVectorCase): string | undefined {
  const caps = backend.capabilities;
  if (!caps.variants.includes(c.variant)) return `capability: variants=${caps.variants.join('|')}`;
  if (!caps.inputModes.includes(c.inputs)) return `capability: inputModes=${caps.inputModes.join('|')}`;
  const e = c.expected;
  const other = e?.loss || e?.gradient;
  if (e?.hvp && !caps.hessianVectorProduct && !other && !e.hessian) return 'capability: hessianVectorProduct=false';
  if (e?.hessian && !caps.hessian && !other && !e.hvp) return 'capability: hessian=false';
  return undefined;
}

/**
 * Checks one vector case: loss, gradient, HVP and Hessian where given (parts the backend cannot
 * compute are left out), or that every method rejects it with `expectedError`.
 */
export async function runVectorCase(backend: CtcBackend, c: CtcVectorCase, tolerance: Tolerance): Promise<LawFailure[]> {
  return guarded(() => checkCase(backend, c, widenTolerance(tolerance, c.tolerance)), c.name);
}

async function checkCase(backend: CtcBackend, c: CtcVectorCase, tol: Tolerance): Promise<LawFailure[]> {
  const caps = backend.capabilities;
  const options = { variant: c.variant, blankIndex: c.blankIndex, inputs: c.inputs, zeroInfinity: c.zeroInfinity };
  const batch = () => toBackendBatch(c.batch, caps.precision);
  const direction = toBackendArray(c.direction ?? new Float64Array(c.batch.logits.length), caps.precision);
  const failures: LawFailure[] = [];
  if (c.expectedError) {
    for (const method of methodsOf(backend)) {
      const f = await expectInputError(backend, method, batch(), options, direction, c.expectedError, c.name);
      if (f) failures.push(f);
    }
    return failures;
  }
  const { T, C } = c.batch.dims;
  const compare = (q: string, got: ArrayLike<number>, expected: ArrayLike<number> | undefined) => {
    if (!expected) return;
    const f = compareQuantity(c.name, q, got, expected, tol, itemShape(q, T, C));
    if (f) failures.push(f);
  };
  const e = c.expected ?? {};
  if (e.loss) compare('loss (loss())', await backend.loss(batch(), options), e.loss);
  if (e.gradient || e.loss) {
    const r = await backend.lossAndGradient(batch(), options);
    compare('loss', r.loss, e.loss);
    compare('gradient', r.gradient, e.gradient);
  }
  if (e.hvp && caps.hessianVectorProduct) {
    const r = await backend.hessianVectorProduct(batch(), direction, options);
    compare('hvp', r.hvp, e.hvp);
    compare('loss (hessianVectorProduct())', r.loss, e.loss);
    compare('gradient (hessianVectorProduct())', r.gradient, e.gradient);
  }
  if (e.hessian && caps.hessian) {
    const r = await backend.hessian(batch(), options);
    compare('hessian', r.hessian, e.hessian);
    compare('loss (hessian())', r.loss, e.loss);
    compare('gradient (hessian())', r.gradient, e.gradient);
  }
  return failures;
}
