/**
 * The tokens of one frame for the beam search. `allowed[c]` = 1 for every non-blank token the
 * cut-offs let extend a prefix: z[c] >= minLogProb (the frame's best non-blank token always), and
 * among the `perFrame` most probable. `out` gets those that may start a NEW prefix: at most `useful`
 * of the allowed, the most probable, sorted most probable first (ties: lower id) when `ordered` -
 * a beam of W can take at most W extensions of one prefix and at most W - 1 of them are already in
 * it, so without a scorer only the 2W most probable tokens can survive as new prefixes (extensions
 * into prefixes already in the beam use every allowed token). Returns how many are in `out`.
 * `heap` is [C] scratch.
 */
export function frameTokens(
  z: Float64Array,
  C: number,
  blank: number,
  cut: { readonly minLogProb: number; readonly perFrame: number },
  useful: number,
  ordered: boolean,
  allowed: Uint8Array,
  out: Int32Array,
  heap: Int32Array,
): number {
  allowed.fill(0);
  let best = -1;
  for (let c = 0; c < C; c++) if (c !== blank && (best < 0 || z[c] > z[best])) best = c;
  let n = 0;
  for (let c = 0; c < C; c++) if (c !== blank && (z[c] >= cut.minLogProb || c === best) && z[c] > -Infinity) out[n++] = c;
  if (n > cut.perFrame) n = keepMostProbable(z, out, n, cut.perFrame, heap);
  for (let k = 0; k < n; k++) allowed[out[k]] = 1;
  if (n > useful) n = keepMostProbable(z, out, n, useful, heap);
  if (ordered) out.set(Array.from(out.subarray(0, n)).sort((a, b) => (below(z, a, b) ? 1 : -1)));
  return n;
}

/** Token a ranks below token b: less probable, or as probable with a higher id. */
function below(z: Float64Array, a: number, b: number): boolean {
  return z[a] < z[b] || (z[a] === z[b] && a > b);
}

/** Keeps the k most probable of tokens[0..n) (in any order) in tokens[0..k), through a min-heap. */
function keepMostProbable(z: Float64Array, tokens: Int32Array, n: number, k: number, heap: Int32Array): number {
  let size = 0;
  for (let j = 0; j < n; j++) {
    const c = tokens[j];
    if (size < k) {
      heap[size] = c; // sift up: the least probable kept token stays at the root
      for (let i = size++; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!below(z, heap[i], heap[p])) break;
        [heap[i], heap[p]] = [heap[p], heap[i]];
        i = p;
      }
    } else if (below(z, heap[0], c)) {
      heap[0] = c; // replace the least probable, sift down
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let w = i;
        if (l < size && below(z, heap[l], heap[w])) w = l;
        if (l + 1 < size && below(z, heap[l + 1], heap[w])) w = l + 1;
        if (w === i) break;
        [heap[i], heap[w]] = [heap[w], heap[i]];
        i = w;
      }
    }
  }
  tokens.set(heap.subarray(0, size));
  return size;
}
