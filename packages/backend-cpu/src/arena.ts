/**
 * SharedArrayBuffers reused across calls. Worker threads only drop their handles to a buffer at
 * their next garbage collection, which an idle worker may never run: allocating fresh buffers per
 * call would pile up memory (2 GB after a few calls at C = 5000). A call takes buffers from the
 * free list (best fit) and gives them back when its results have been copied out.
 */
export class SharedArena {
  private free: SharedArrayBuffer[] = [];

  /**
   * A buffer of at least `bytes` bytes (rounded up to 8). NOT zeroed when reused: callers write
   * every element they read (inputs are copied in; the kernels write every output element).
   */
  acquire(bytes: number): SharedArrayBuffer {
    const need = Math.max(8, Math.ceil(bytes / 8) * 8);
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const n = this.free[i].byteLength;
      if (n >= need && (best < 0 || n < this.free[best].byteLength)) best = i;
    }
    if (best < 0) return new SharedArrayBuffer(need);
    const [buffer] = this.free.splice(best, 1);
    return buffer;
  }

  release(buffers: Iterable<SharedArrayBuffer | null>): void {
    for (const b of buffers) if (b) this.free.push(b);
    // Keep the list short: the largest buffers are the ones worth keeping.
    if (this.free.length > 16) this.free = this.free.sort((a, b) => b.byteLength - a.byteLength).slice(0, 16);
  }

  clear(): void {
    this.free = [];
  }
}
