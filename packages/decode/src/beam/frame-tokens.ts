/**
 * The non-blank tokens a frame may extend prefixes with: those with z[c] >= minLogProb (the frame's
 * best non-blank token always), then the `perFrame` most probable of them (ties: lower id). Writes
 * them into `out` and returns how many.
 */
export function frameTokens(
  z: Float64Array,
  C: number,
  blank: number,
  minLogProb: number,
  perFrame: number,
  out: Int32Array,
): number {
  let best = -1;
  for (let c = 0; c < C; c++) if (c !== blank && (best < 0 || z[c] > z[best])) best = c;
  let n = 0;
  for (let c = 0; c < C; c++) if (c !== blank && (z[c] >= minLogProb || c === best) && z[c] > -Infinity) out[n++] = c;
  if (n <= perFrame) return n;
  const kept = Array.from(out.subarray(0, n)).sort((a, b) => z[b] - z[a] || a - b).slice(0, perFrame);
  kept.sort((a, b) => a - b);
  out.set(kept);
  return perFrame;
}
