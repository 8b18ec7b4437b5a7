import { expTables } from '../fast-exp.js';
import type { KernelExports } from './load.js';

const PAGE = 65536;
/** Byte offset of the exp tables (FRACTION [64], POW2 [2200] f64); below it: the module's own data. */
const TABLES = PAGE;
const ALIGN = 16;

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/** The sizes a layout holds: W = S + 4 lattice columns, Tb frames, C tokens. */
interface Capacity {
  W: number;
  Tb: number;
  TbW: number;
  C: number;
  TbC: number;
}

type Dim = keyof Capacity;
/** Every array the workspace shares with the kernels: name, element type, length. */
const MAIN = [
  ['token', 'i32', 'W'], ['stay', 'f64', 'W'], ['skip', 'f64', 'W'], ['reach', 'i32', 'W'], ['need', 'i32', 'W'],
  ['rowA', 'f64', 'W'], ['rowB', 'f64', 'W'], ['post', 'f64', 'W'], ['weight', 'f64', 'W'],
  ['lo', 'i32', 'Tb'], ['hi', 'i32', 'Tb'],
  ['frameMax', 'f64', 'Tb'], ['frameLogZ', 'f64', 'Tb'], ['frameInvZ', 'f64', 'Tb'], ['frameSum', 'f64', 'Tb'], ['pv', 'f64', 'Tb'],
  ['scaleA', 'f64', 'Tb'], ['scaleB', 'f64', 'Tb'], ['frameZ', 'f64', 'Tb'],
  ['emit', 'f64', 'TbW'], ['alpha', 'f64', 'TbW'], ['beta', 'f64', 'TbW'], ['corrAt', 'i32', 'TbW'], ['corrValue', 'f64', 'TbW'],
  ['p', 'f64', 'TbC'], ['x', 'f64', 'TbC'], ['out', 'f64', 'TbC'],
  ['gamma', 'f64', 'C'], ['cov', 'f64', 'C'], ['prow', 'f64', 'C'],
] as const;
const TANGENT = [['vc', 'f64', 'TbW'], ['tangent', 'f64', 'TbW'], ['vtok', 'f64', 'TbW'], ['v', 'f64', 'TbC']] as const;

type MainName = (typeof MAIN)[number][0];
type TangentName = (typeof TANGENT)[number][0];
type Name = MainName | TangentName;
type I32Name = Extract<(typeof MAIN)[number], readonly [string, 'i32', Dim]>[0];
type F64Name = Exclude<Name, I32Name>;

/**
 * One kernels instance and the layout of its memory: every array of the workspace (workspace.ts)
 * lives there, as a typed-array view recreated whenever the memory grows (growing detaches the old
 * views), plus the kernels' staging: x [Tb, C] input (f32 or f64), out [Tb, C] output (f32 or
 * f64), v [Tb, C] direction. Main block: sized by ensure (contents lost on relayout; gamma and
 * cov zeroed); tangent block after it: sized by ensureTangent, which keeps the main block.
 */
export class KernelMemory {
  readonly exports: KernelExports;
  private readonly base: number; // end of the tables
  private cap: Capacity = { W: 0, Tb: 0, TbW: 0, C: 0, TbC: 0 };
  private tangentCap: Capacity = { W: 0, Tb: 0, TbW: 0, C: 0, TbC: 0 };
  private mainEnd = 0;
  readonly ptr = {} as Record<Name, number>;
  readonly f64 = {} as Record<F64Name, Float64Array<ArrayBuffer>>;
  readonly i32 = {} as Record<I32Name, Int32Array<ArrayBuffer>>;
  xF32 = new Float32Array(0);
  outF32 = new Float32Array(0);
  /**
   * Set per sample by the frame pass: in 'logits' mode it runs fused (p [Tb, C] is not kept; the
   * emissions are gathered and the softmax rows staged in `out` as 'float32' or 'float64', or not
   * at all: null), and `denseP` says whether p has been computed since.
   */
  fused = false;
  stagedSoftmax: 'float32' | 'float64' | null = null;
  denseP = false;
  /**
   * Set per sample by the frame pass: the sample was streamed through the staging in chunks (its
   * softmax rows written to the gradient already, x not kept in full: frames.ts readFramesWasm).
   */
  streamed = false;
  /**
   * Set per sample by the frame pass: an HVP call's sample was streamed (the dense part of its HVP
   * rows written already; the tangent pass corrects the window's tokens).
   */
  hvpStreamed = false;
  /**
   * Set per sample by the frame pass: P holds the float32 softmax [Tb, C] (as f32) for a float32
   * HVP (calls with HVP or Hessian, fused float32 frame pass), until denseP overwrites it.
   */
  softmax32 = false;

  constructor(exports: KernelExports) {
    this.exports = exports;
    const { fraction, pow2, invStep, stepHi, stepLo, c3, c4, c5 } = expTables();
    this.reserve(TABLES + (fraction.length + pow2.length) * 8);
    const buffer = exports.memory.buffer;
    new Float64Array(buffer, TABLES, fraction.length).set(fraction);
    new Float64Array(buffer, TABLES + fraction.length * 8, pow2.length).set(pow2);
    exports.init(TABLES, invStep, stepHi, stepLo, c3, c4, c5);
    this.base = align(TABLES + (fraction.length + pow2.length) * 8);
    this.mainEnd = this.base;
    this.place(MAIN, this.cap, this.base);
    this.place(TANGENT, this.tangentCap, this.base);
    this.views();
  }

  /** Makes the main block fit a sample of Tb frames, S states, C tokens. True when it moved. */
  ensure(Tb: number, S: number, C: number): boolean {
    if (!grow(this.cap, Tb, S, C)) return false;
    this.mainEnd = this.place(MAIN, this.cap, this.base);
    this.tangentCap = { W: 0, Tb: 0, TbW: 0, C: 0, TbC: 0 };
    this.place(TANGENT, this.tangentCap, this.mainEnd);
    this.reserve(this.mainEnd);
    this.views();
    this.f64.gamma.fill(0);
    this.f64.cov.fill(0);
    return true;
  }

  /** Makes the tangent block fit (the main block keeps its place and contents). True when views changed. */
  ensureTangent(Tb: number, S: number, C: number): boolean {
    if (!grow(this.tangentCap, Tb, S, C)) return false;
    this.reserve(this.place(TANGENT, this.tangentCap, this.mainEnd));
    this.views();
    return true;
  }

  /** Lays out `regions` from byte `at`; returns the end. */
  private place(regions: typeof MAIN | typeof TANGENT, cap: Capacity, at: number): number {
    for (const [name, , dim] of regions) {
      this.ptr[name] = at;
      at = align(at + cap[dim] * 8); // i32 regions get 8 bytes per element too: simpler, negligible
    }
    return at;
  }

  private reserve(bytes: number): void {
    const memory = this.exports.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing <= 0) return;
    try {
      memory.grow(Math.ceil(missing / PAGE));
    } catch (error) {
      const mb = Math.ceil(bytes / 2 ** 20);
      throw new RangeError(
        `backend-cpu: a sample needs ${mb} MB of WebAssembly memory (about 3 T_b C + 3 T_b (2 U + 5) doubles), more than this engine grants (wasm32: at most 4 GB); create the backend with kernels: 'js' for such samples`,
        { cause: error },
      );
    }
  }

  private views(): void {
    const buffer = this.exports.memory.buffer;
    for (const [name, type, dim] of [...MAIN, ...TANGENT]) {
      const n = (TANGENT.some((r) => r[0] === name) ? this.tangentCap : this.cap)[dim];
      if (type === 'i32') this.i32[name as I32Name] = new Int32Array(buffer, this.ptr[name], n);
      else this.f64[name as F64Name] = new Float64Array(buffer, this.ptr[name], n);
    }
    this.xF32 = new Float32Array(buffer, this.ptr.x, this.cap.TbC * 2);
    this.outF32 = new Float32Array(buffer, this.ptr.out, this.cap.TbC * 2);
    const p = this.ptr;
    this.exports.setLayout(
      p.token, p.stay, p.skip, p.lo, p.hi, p.emit, p.alpha, p.beta, p.p, p.x, p.frameMax, p.frameInvZ,
      p.scaleA, p.scaleB, p.frameZ, p.rowA, p.rowB, p.gamma, p.cov, p.out, p.vc, p.tangent, p.v, p.prow, p.corrAt, p.corrValue,
      p.vtok, p.pv,
    );
  }
}

/** Raises the capacity to fit Tb, S, C; whether it grew. */
function grow(cap: Capacity, Tb: number, S: number, C: number): boolean {
  const W = S + 4;
  const need: Capacity = { W, Tb, TbW: Tb * W, C, TbC: Tb * C };
  let grew = false;
  for (const k of Object.keys(need) as Dim[]) {
    if (need[k] > cap[k]) {
      cap[k] = need[k];
      grew = true;
    }
  }
  return grew;
}
