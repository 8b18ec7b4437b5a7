import { CTC_INPUT_ERROR_CODES, type CtcInputErrorCode } from '../errors.js';
import { CTC_INPUT_MODES, CTC_VARIANTS } from '../options.js';
import {
  CTC_VECTORS_FORMAT,
  CtcVectorFormatError,
  type CtcVectorCase,
  type CtcVectorExpected,
} from './format.js';

/**
 * Reads and validates a ctc-vectors/1 file (its text or parsed JSON). Throws CtcVectorFormatError
 * naming the JSON path and what was expected. Batches are built as Float64Array / Int32Array.
 * Inputs that a backend must reject (expectedError cases) are still read as they stand.
 */
export function readVectorFile(source: string | unknown): CtcVectorCase[] {
  let json: unknown = source;
  if (typeof source === 'string') {
    try {
      json = JSON.parse(source);
    } catch (error) {
      throw new CtcVectorFormatError('$', `not valid JSON (${(error as Error).message})`);
    }
  }
  const file = asObject(json, '$');
  if (file.format !== CTC_VECTORS_FORMAT) {
    throw new CtcVectorFormatError('$.format', `expected "${CTC_VECTORS_FORMAT}", got ${JSON.stringify(file.format)}`);
  }
  if (!Array.isArray(file.cases)) throw new CtcVectorFormatError('$.cases', 'expected an array of cases');
  const names = new Set<string>();
  return file.cases.map((c, i) => {
    const parsed = readCase(c, `cases[${i}]`);
    if (names.has(parsed.name)) throw new CtcVectorFormatError(`cases[${i}].name`, `duplicate case name "${parsed.name}"`);
    names.add(parsed.name);
    return parsed;
  });
}

function readCase(value: unknown, path: string): CtcVectorCase {
  const c = asObject(value, path);
  if (typeof c.name !== 'string' || c.name === '') throw new CtcVectorFormatError(`${path}.name`, 'expected a non-empty string');
  const variant = c.variant;
  if (!CTC_VARIANTS.includes(variant as never)) {
    throw new CtcVectorFormatError(`${path}.variant`, `expected one of ${CTC_VARIANTS.join(', ')}, got ${JSON.stringify(variant)}`);
  }
  const inputs = c.inputs ?? 'logits';
  if (!CTC_INPUT_MODES.includes(inputs as never)) {
    throw new CtcVectorFormatError(`${path}.inputs`, `expected one of ${CTC_INPUT_MODES.join(', ')}, got ${JSON.stringify(inputs)}`);
  }
  const blankIndex = c.blankIndex ?? 0;
  if (!Number.isInteger(blankIndex)) throw new CtcVectorFormatError(`${path}.blankIndex`, `expected an integer, got ${JSON.stringify(blankIndex)}`);
  const zeroInfinity = c.zeroInfinity ?? false;
  if (typeof zeroInfinity !== 'boolean') throw new CtcVectorFormatError(`${path}.zeroInfinity`, `expected a boolean, got ${JSON.stringify(zeroInfinity)}`);

  const logitLength = readInts(c.logitLength, `${path}.logitLength`);
  const labelLength = readInts(c.labelLength, `${path}.labelLength`);
  if (!Array.isArray(c.labels)) throw new CtcVectorFormatError(`${path}.labels`, 'expected a B x L array of integers');
  const labelRows = c.labels.map((row, b) => readInts(row, `${path}.labels[${b}]`));

  const logitsShape = shapeOf(c.logits, `${path}.logits`);
  let dims: { B: number; T: number; C: number; L: number };
  if (c.dims !== undefined) {
    const d = asObject(c.dims, `${path}.dims`);
    for (const k of ['B', 'T', 'C', 'L']) {
      if (!Number.isInteger(d[k]) || (d[k] as number) < 0) {
        throw new CtcVectorFormatError(`${path}.dims.${k}`, `expected a non-negative integer, got ${JSON.stringify(d[k])}`);
      }
    }
    dims = { B: d.B as number, T: d.T as number, C: d.C as number, L: d.L as number };
  } else {
    if (logitsShape.length !== 3) {
      throw new CtcVectorFormatError(`${path}.logits`, `expected a B x T x C array (give "dims" when a dim is 0), got rank ${logitsShape.length}`);
    }
    const L = labelRows.length > 0 ? labelRows[0].length : 0;
    dims = { B: logitsShape[0], T: logitsShape[1], C: logitsShape[2], L };
  }
  const { B, T, C, L } = dims;
  const logits = readTensor(c.logits, [B, T, C], `${path}.logits`);
  if (labelRows.length !== B) throw new CtcVectorFormatError(`${path}.labels`, `expected ${B} rows (B), got ${labelRows.length}`);
  const labels = new Int32Array(B * L);
  labelRows.forEach((row, b) => {
    if (row.length !== L) throw new CtcVectorFormatError(`${path}.labels[${b}]`, `expected ${L} entries (L), got ${row.length}`);
    labels.set(row, b * L);
  });
  if (logitLength.length !== B) throw new CtcVectorFormatError(`${path}.logitLength`, `expected ${B} entries (B), got ${logitLength.length}`);
  if (labelLength.length !== B) throw new CtcVectorFormatError(`${path}.labelLength`, `expected ${B} entries (B), got ${labelLength.length}`);

  const direction = c.direction === undefined ? undefined : readTensor(c.direction, [B, T, C], `${path}.direction`);
  let expected: CtcVectorExpected | undefined;
  if (c.expected !== undefined) {
    const e = asObject(c.expected, `${path}.expected`);
    expected = {
      loss: e.loss === undefined ? undefined : readTensor(e.loss, [B], `${path}.expected.loss`),
      gradient: e.gradient === undefined ? undefined : readTensor(e.gradient, [B, T, C], `${path}.expected.gradient`),
      hvp: e.hvp === undefined ? undefined : readTensor(e.hvp, [B, T, C], `${path}.expected.hvp`),
      hessian: e.hessian === undefined ? undefined : readTensor(e.hessian, [B, T, C, T, C], `${path}.expected.hessian`),
    };
    if (expected.hvp && !direction) throw new CtcVectorFormatError(`${path}.expected.hvp`, 'needs a "direction"');
  }
  const expectedError = c.expectedError as CtcInputErrorCode | undefined;
  if (expectedError !== undefined && !CTC_INPUT_ERROR_CODES.includes(expectedError)) {
    throw new CtcVectorFormatError(`${path}.expectedError`, `expected one of ${CTC_INPUT_ERROR_CODES.join(', ')}, got ${JSON.stringify(expectedError)}`);
  }
  if (expected && expectedError) throw new CtcVectorFormatError(path, 'give either "expected" or "expectedError", not both');
  if (!expected && !expectedError) throw new CtcVectorFormatError(path, 'needs "expected" or "expectedError"');
  let tolerance: CtcVectorCase['tolerance'];
  if (c.tolerance !== undefined) {
    const t = asObject(c.tolerance, `${path}.tolerance`);
    for (const k of ['rtol', 'atol']) {
      if (t[k] !== undefined && !(typeof t[k] === 'number' && (t[k] as number) >= 0)) {
        throw new CtcVectorFormatError(`${path}.tolerance.${k}`, `expected a non-negative number, got ${JSON.stringify(t[k])}`);
      }
    }
    tolerance = { rtol: t.rtol as number | undefined, atol: t.atol as number | undefined };
  }
  return {
    name: c.name,
    variant: variant as CtcVectorCase['variant'],
    blankIndex: blankIndex as number,
    inputs: inputs as CtcVectorCase['inputs'],
    zeroInfinity,
    batch: { logits, labels, labelLength: Int32Array.from(labelLength), logitLength: Int32Array.from(logitLength), dims },
    direction,
    expected,
    expectedError,
    tolerance,
  };
}

function asObject(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CtcVectorFormatError(path, `expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

function readInts(value: unknown, path: string): number[] {
  if (!Array.isArray(value)) throw new CtcVectorFormatError(path, 'expected an array of integers');
  return value.map((v, i) => {
    if (!Number.isInteger(v)) throw new CtcVectorFormatError(`${path}[${i}]`, `expected an integer, got ${JSON.stringify(v)}`);
    return v as number;
  });
}

/** Shape of a nested array, following first elements. */
function shapeOf(value: unknown, path: string): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  if (shape.length === 0 && !Array.isArray(value)) throw new CtcVectorFormatError(path, 'expected a nested array');
  return shape;
}

/** Reads a nested array of exactly `shape` into a flat Float64Array, row-major. */
function readTensor(value: unknown, shape: readonly number[], path: string): Float64Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(size);
  let k = 0;
  const walk = (v: unknown, depth: number, p: string): void => {
    if (depth === shape.length) {
      out[k++] = readNumber(v, p);
      return;
    }
    if (!Array.isArray(v)) throw new CtcVectorFormatError(p, `expected an array of length ${shape[depth]}, got ${JSON.stringify(v)}`);
    if (v.length !== shape[depth]) {
      throw new CtcVectorFormatError(p, `expected length ${shape[depth]} (shape [${shape.join(', ')}]), got ${v.length}`);
    }
    v.forEach((item, i) => walk(item, depth + 1, `${p}[${i}]`));
  };
  walk(value, 0, path);
  return out;
}

function readNumber(v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (v === 'nan') return NaN;
  throw new CtcVectorFormatError(path, `expected a number or "inf", "-inf", "nan", got ${JSON.stringify(v)}`);
}
