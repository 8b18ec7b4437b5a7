/**
 * The non-blank tokens a frame may extend prefixes with, most probable first (ties: lower id):
 * those with z[c] >= minLogProb (the frame's best non-blank token always), at most `perFrame` of
 * them, and at most `useful` (plus ties) - a beam of W prefixes can take at most W extensions of one
 * prefix, and at most W - 1 of its extensions are already in the beam, so the 2W most probable
 * tokens are the only ones that can survive without a scorer. Writes them into `out`, returns how many.
 */
export function frameTokens(
  z: Float64Array,
  C: number,
  blank: number,
  minLogProb: number,
  perFrame: number,
  useful: number,
  out: Int32Array,
  scratch: Float64Array,
): number {
  let best = -1;
  for (let c = 0; c < C; c++) if (c !== blank && (best < 0 || z[c] > z[best])) best = c;
  let n = 0;
  for (let c = 0; c < C; c++) if (c !== blank && (z[c] >= minLogProb || c === best) && z[c] > -Infinity) out[n++] = c;
  const keep = Math.min(perFrame, useful);
  if (n > keep) {
    // The keep-th largest value, then every token at least that probable.
    for (let k = 0; k < n; k++) scratch[k] = z[out[k]];
    const threshold = scratch.subarray(0, n).sort()[n - keep];
    let m = 0;
    for (let k = 0; k < n; k++) if (z[out[k]] >= threshold) out[m++] = out[k];
    n = m;
  }
  const sorted = Array.from(out.subarray(0, n)).sort((a, b) => z[b] - z[a] || a - b);
  if (sorted.length > perFrame) sorted.length = perFrame; // ties past the top-k cut go by id
  out.set(sorted);
  return sorted.length;
}
