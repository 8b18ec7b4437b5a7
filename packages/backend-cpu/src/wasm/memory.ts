import { expTables } from '../fast-exp.js';
import type { KernelExports } from './load.js';

const PAGE = 65536;
/** Byte offset of the exp tables (FRACTION [64], POW2 [2200] f64); below it: the module's own data. */
const TABLES = PAGE;
const ALIGN = 16;

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/**
 * One kernels instance and the layout of its memory: the regions the JavaScript side shares with
 * the kernels, as typed-array views (recreated whenever the memory grows, which detaches them).
 * Main block (sized by ensure, reset on relayout): x [Tb, C] input staging (f32 or f64),
 * p [Tb, C] f64 softmax numerators, frameMax [Tb], frameSum [Tb], gamma [C], cov [C] (all-zero
 * between uses), out [Tb, C] output staging (f32 or f64). Tangent block after it: v [Tb, C] f64.
 */
export class KernelMemory {
  readonly exports: KernelExports;
  private cells = 0; // capacity in Tb * C
  private frames = 0; // in Tb
  private tokens = 0; // in C
  private vCells = 0;
  xPtr = 0;
  pPtr = 0;
  maxPtr = 0;
  sumPtr = 0;
  gammaPtr = 0;
  covPtr = 0;
  outPtr = 0;
  vPtr = 0;
  private end = 0; // end of the main block
  private readonly base: number; // end of the tables
  xF32 = new Float32Array(0);
  xF64 = new Float64Array(0);
  p = new Float64Array(0);
  frameMax = new Float64Array(0);
  frameSum = new Float64Array(0);
  gamma = new Float64Array(0);
  cov = new Float64Array(0);
  outF32 = new Float32Array(0);
  outF64 = new Float64Array(0);
  v = new Float64Array(0);

  constructor(exports: KernelExports) {
    this.exports = exports;
    const { fraction, pow2, invStep, stepHi, stepLo, c3, c4, c5 } = expTables();
    this.reserve(TABLES + (fraction.length + pow2.length) * 8);
    const buffer = exports.memory.buffer;
    new Float64Array(buffer, TABLES, fraction.length).set(fraction);
    new Float64Array(buffer, TABLES + fraction.length * 8, pow2.length).set(pow2);
    exports.init(TABLES, invStep, stepHi, stepLo, c3, c4, c5);
    this.base = align(TABLES + (fraction.length + pow2.length) * 8);
    this.end = this.base;
    this.xPtr = this.pPtr = this.maxPtr = this.sumPtr = this.gammaPtr = this.covPtr = this.outPtr = this.vPtr = this.end;
  }

  /** Makes the main block fit Tb frames of C tokens. Returns true when the views were recreated. */
  ensure(Tb: number, C: number): boolean {
    if (Tb * C <= this.cells && Tb <= this.frames && C <= this.tokens) return false;
    this.cells = Math.max(this.cells, Tb * C);
    this.frames = Math.max(this.frames, Tb);
    this.tokens = Math.max(this.tokens, C);
    let at = this.base;
    const take = (bytes: number): number => {
      const ptr = at;
      at = align(at + bytes);
      return ptr;
    };
    this.xPtr = take(this.cells * 8);
    this.pPtr = take(this.cells * 8);
    this.maxPtr = take(this.frames * 8);
    this.sumPtr = take(this.frames * 8);
    this.gammaPtr = take(this.tokens * 8);
    this.covPtr = take(this.tokens * 8);
    this.outPtr = take(this.cells * 8);
    this.end = at;
    this.vPtr = at;
    this.vCells = 0;
    this.reserve(this.end);
    this.views();
    this.gamma.fill(0);
    this.cov.fill(0);
    return true;
  }

  /** Makes the tangent block fit Tb * C cells (the main block keeps its place and contents). */
  ensureTangent(cells: number): boolean {
    if (cells <= this.vCells) return false;
    this.vCells = cells;
    this.reserve(this.vPtr + cells * 8);
    this.views();
    return true;
  }

  private reserve(bytes: number): void {
    const memory = this.exports.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
  }

  private views(): void {
    const buffer = this.exports.memory.buffer;
    this.xF32 = new Float32Array(buffer, this.xPtr, this.cells * 2);
    this.xF64 = new Float64Array(buffer, this.xPtr, this.cells);
    this.p = new Float64Array(buffer, this.pPtr, this.cells);
    this.frameMax = new Float64Array(buffer, this.maxPtr, this.frames);
    this.frameSum = new Float64Array(buffer, this.sumPtr, this.frames);
    this.gamma = new Float64Array(buffer, this.gammaPtr, this.tokens);
    this.cov = new Float64Array(buffer, this.covPtr, this.tokens);
    this.outF32 = new Float32Array(buffer, this.outPtr, this.cells * 2);
    this.outF64 = new Float64Array(buffer, this.outPtr, this.cells);
    this.v = new Float64Array(buffer, this.vPtr, this.vCells);
  }
}
