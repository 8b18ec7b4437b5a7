// The decode benchmark's cases: one row per (operation, shape, options), as issue 13 asks.

/**
 * @typedef {{ id: string, op: 'greedy' | 'beam' | 'align', B: number, T: number, C: number, U?: number,
 *   beamWidth?: number, variant: 'classic' | 'simplified', impls: string[] }} DecodeCase
 */

/** @type {DecodeCase[]} */
export const DECODE_CASES = [
  { id: 'greedy B=32 T=1000 C=5000', op: 'greedy', B: 32, T: 1000, C: 5000, variant: 'classic', impls: ['decode', 'tfjs-cpu', 'tfjs-wasm'] },
  { id: 'beam W=16 B=8 T=500 C=32', op: 'beam', B: 8, T: 500, C: 32, beamWidth: 16, variant: 'classic', impls: ['decode'] },
  { id: 'beam W=64 B=8 T=500 C=32', op: 'beam', B: 8, T: 500, C: 32, beamWidth: 64, variant: 'classic', impls: ['decode'] },
  { id: 'beam W=16 B=8 T=500 C=1000', op: 'beam', B: 8, T: 500, C: 1000, beamWidth: 16, variant: 'classic', impls: ['decode'] },
  { id: 'beam W=64 B=8 T=500 C=1000', op: 'beam', B: 8, T: 500, C: 1000, beamWidth: 64, variant: 'classic', impls: ['decode'] },
  { id: 'beam W=16 B=8 T=500 C=32 simplified', op: 'beam', B: 8, T: 500, C: 32, beamWidth: 16, variant: 'simplified', impls: ['decode'] },
  { id: 'align B=32 T=1000 U=200 C=32', op: 'align', B: 32, T: 1000, C: 32, U: 200, variant: 'classic', impls: ['decode', 'webgpu'] },
  { id: 'align B=32 T=1000 U=200 C=32 simplified', op: 'align', B: 32, T: 1000, C: 32, U: 200, variant: 'simplified', impls: ['decode', 'webgpu'] },
  { id: 'align B=4 T=10000 U=200 C=32 (long audio)', op: 'align', B: 4, T: 10000, C: 32, U: 200, variant: 'classic', impls: ['decode', 'webgpu'] },
];
