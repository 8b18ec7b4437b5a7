import { KERNELS_WASM_BASE64 } from './kernels.generated.js';

/** Which implementation runs the dense per-frame loops. */
export type KernelKind = 'wasm-simd' | 'js';

/** The exports of src/wasm/assembly/kernels.ts (pointers are byte offsets into `memory`). */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  init(tab: number, invStep: number, stepHi: number, stepLo: number, c3: number, c4: number, c5: number): void;
  framesF32(x: number, Tb: number, C: number, p: number, frameMax: number, frameSum: number, logits: number, fused: number, S: number): number;
  framesF64(x: number, Tb: number, C: number, p: number, frameMax: number, frameSum: number, logits: number, fused: number, S: number): number;
  gradientRowF32(p: number, invZ: number, gamma: number, gScale: number, out: number, C: number, logits: number): void;
  gradientRowF64(p: number, invZ: number, gamma: number, gScale: number, out: number, C: number, logits: number): void;
  hvpRowF32(p: number, invZ: number, v: number, gamma: number, cov: number, EV: number, out: number, C: number, logits: number): void;
  hvpRowF64(p: number, invZ: number, v: number, gamma: number, cov: number, EV: number, out: number, C: number, logits: number): void;
  setLayout(...pointers: number[]): void;
  forward(Tb: number, S: number, C: number, logits: number, xF32: number, gathered: number): number;
  backward(Tb: number, S: number, C: number, grad: number, keep: number, logits: number, outF32: number, fused: number): number;
  /** 0 when `streamed` met a non-finite E[V'] (the streamed rows cannot hold its NaNs), else 1. */
  tangent(Tb: number, S: number, C: number, logits: number, outF32: number, soft32: number, streamed: number): number;
  streamedFrames(x: number, t0: number, rows: number, C: number, frameMax: number, frameSum: number, gradient: number, S: number, v: number): number;
  correctionCount(): number;
}

/** Environment variable that forces the JavaScript loops (Node; workers inherit it): `js`. */
export const KERNELS_ENV = 'SEQ2SEQ_LOSSES_CPU_KERNELS';

let compiled: WebAssembly.Module | null | undefined; // undefined: not tried yet; null: unavailable
let pending: Promise<WebAssembly.Module | null> | null = null;

function wasmBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function envForcesJs(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.[KERNELS_ENV] === 'js';
}

/**
 * The compiled kernels module, or null where WebAssembly SIMD is unavailable (or the environment
 * asks for the JavaScript loops). Compiles synchronously (Node, workers); where that is refused
 * (Chromium's main thread refuses modules over 4 KB) it starts an asynchronous compile and returns
 * null until `kernelsReady()` resolved.
 */
export function kernelsModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  if (pending) return null;
  const W = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (envForcesJs() || !W) return (compiled = null);
  const bytes = wasmBytes();
  if (!W.validate(bytes)) return (compiled = null); // no SIMD here
  try {
    return (compiled = new W.Module(bytes));
  } catch {
    pending = W.compile(bytes).then(
      (m) => (compiled = m),
      () => (compiled = null),
    );
    return null;
  }
}

/** Resolves once the module is compiled (or known unavailable): true when the kernels can run. */
export async function kernelsReady(): Promise<boolean> {
  if (kernelsModule()) return true;
  if (pending) await pending;
  return compiled !== null && compiled !== undefined;
}

/** A fresh instance (own memory) of the kernels, or null when unavailable. */
export function instantiateKernels(): KernelExports | null {
  const m = kernelsModule();
  return m ? (new WebAssembly.Instance(m, {}).exports as unknown as KernelExports) : null;
}
