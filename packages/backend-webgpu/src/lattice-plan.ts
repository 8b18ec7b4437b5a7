/** Frames [t0, t1) of one lattice chunk. */
export interface FrameChunk {
  readonly t0: number;
  readonly t1: number;
}

/** How the lattice arrays of a call are cut in time so that each chunk fits one storage binding. */
export interface LatticePlan {
  /** Frames per chunk (the last chunk may hold fewer); every chunk buffer has K + 2 rows. */
  readonly K: number;
  /** At least one chunk ({0, 0} when T = 0: the forward pass still writes ll). */
  readonly chunks: readonly FrameChunk[];
}

/** Bytes of one lattice row: [B, S] two-float values (alpha, beta). */
export const latticeRowBytes = (B: number, S: number): number => 8 * B * S;

/**
 * The most frames per chunk whose K + 2 rows of alpha (8 B S bytes each) fit `limit` bytes, at most
 * T; 0 when not even one frame fits (the caller splits the batch first, see batch-plan.ts).
 */
export function framesPerChunk(B: number, T: number, S: number, limit: number): number {
  return Math.max(0, Math.min(Math.max(T, 1), Math.floor(limit / latticeRowBytes(B, S)) - 2));
}

/** Chunks of K frames covering [0, T). */
export function planLattice(T: number, K: number): LatticePlan {
  const chunks: FrameChunk[] = [];
  for (let t0 = 0; t0 < Math.max(T, 1); t0 += K) chunks.push({ t0, t1: Math.min(T, t0 + K) });
  return { K, chunks };
}
