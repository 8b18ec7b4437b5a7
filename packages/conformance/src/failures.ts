import { compareArrays, type Tolerance } from '@seq2seq-losses/spec';

/**
 * One thing a backend got wrong, located as precisely as the check allows:
 * the case (input description), the batch item, the quantity and the index inside the item.
 */
export interface LawFailure {
  /** What input it was: a vector case name or a law input description ('B=2 T=7 C=3 ...'). */
  readonly case: string;
  /** 'loss' | 'gradient' | 'hvp' | 'hessian' | 'error' | 'exception' | 'inputs' | a law-specific name. */
  readonly quantity: string;
  readonly item?: number;
  /** Position inside the item: [t, c] for gradient/hvp, [t, c, t', c'] for the Hessian. */
  readonly index?: readonly number[];
  readonly got?: number | string;
  readonly expected?: number | string;
  /** Largest |got - expected| over the compared elements (Infinity when non-finite kinds differ). */
  readonly deviation?: number;
  /** How many elements fail, of how many. */
  readonly failing?: number;
  readonly of?: number;
  readonly message?: string;
}

/** Shape of one batch item of each quantity, from T and C. */
export function itemShape(quantity: string, T: number, C: number): number[] {
  if (quantity.startsWith('loss')) return [];
  if (quantity.startsWith('hessian')) return [T, C, T, C];
  return [T, C];
}

/** Flat index -> [item, ...index inside the item] for an item shape. */
export function locate(flat: number, shape: readonly number[]): { item: number; index: number[] } {
  const size = shape.reduce((a, b) => a * b, 1);
  const item = Math.floor(flat / size);
  let rest = flat - item * size;
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return { item, index };
}

/**
 * Compares one quantity element by element; returns a failure at the worst element or undefined.
 * `shape` is the shape of one batch item ([] for loss, [T, C], [T, C, T, C]).
 */
export function compareQuantity(
  caseName: string,
  quantity: string,
  got: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  shape: readonly number[],
): LawFailure | undefined {
  const d = compareArrays(got, expected, tol);
  if (d.failures === 0) return undefined;
  if (got.length !== expected.length) {
    return { case: caseName, quantity, failing: d.failures, of: d.length, message: `length ${got.length}, expected ${expected.length}` };
  }
  const { item, index } = locate(d.worstIndex, shape);
  return {
    case: caseName,
    quantity,
    item,
    index,
    got: got[d.worstIndex],
    expected: expected[d.worstIndex],
    deviation: d.maxAbs,
    failing: d.failures,
    of: d.length,
  };
}

/** Exact comparison (NaN equals NaN, +0 equals -0): for determinism and inert padding. */
export function compareExact(
  caseName: string,
  quantity: string,
  got: ArrayLike<number>,
  expected: ArrayLike<number>,
  shape: readonly number[],
): LawFailure | undefined {
  return compareQuantity(caseName, quantity, got, expected, { rtol: 0, atol: 0 }, shape);
}

/** One line: where, how much, and what. */
export function formatFailure(f: LawFailure): string {
  const where: string[] = [];
  if (f.item !== undefined) where.push(`item ${f.item}`);
  if (f.index !== undefined && f.index.length > 0) where.push(`index [${f.index.join(', ')}]`);
  let line = `${f.case}: ${f.quantity}${where.length ? ` (${where.join(', ')})` : ''}`;
  if (f.got !== undefined || f.expected !== undefined) line += ` got ${fmt(f.got)}, expected ${fmt(f.expected)}`;
  if (f.deviation !== undefined) line += `, max |deviation| ${fmt(f.deviation)}`;
  if (f.failing !== undefined) line += `, ${f.failing}${f.of !== undefined ? ` of ${f.of}` : ''} elements fail`;
  if (f.message) line += ` - ${f.message}`;
  return line;
}

/** The failure to show first: the largest deviation (non-numeric failures count as infinite). */
export function worstFailure(failures: readonly LawFailure[]): LawFailure | undefined {
  let worst: LawFailure | undefined;
  let worstDev = -1;
  for (const f of failures) {
    const dev = f.deviation ?? Infinity;
    if (worst === undefined || dev > worstDev) {
      worst = f;
      worstDev = dev;
    }
  }
  return worst;
}

function fmt(v: number | string | undefined): string {
  if (v === undefined) return '-';
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? String(v) : v.toPrecision(10);
}
