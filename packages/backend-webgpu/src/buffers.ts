/** Named GPU buffers of one in-flight call; a buffer is kept while its size and usage stay the same. */
export class BufferSet {
  private readonly buffers = new Map<string, GPUBuffer>();

  constructor(private readonly device: GPUDevice) {}

  /** The buffer `name` of at least `bytes` bytes (rounded up to 16; never 0, so it can be bound). */
  get(name: string, bytes: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const old = this.buffers.get(name);
    if (old && old.size === size && old.usage === usage) return old;
    old?.destroy();
    const buffer = this.device.createBuffer({ label: `ctc-${name}`, size, usage });
    this.buffers.set(name, buffer);
    return buffer;
  }

  destroy(): void {
    for (const buffer of this.buffers.values()) buffer.destroy();
    this.buffers.clear();
  }
}

/**
 * Buffer sets reused across calls of the same shape. A call takes a set for itself (so concurrent
 * calls never share buffers) and gives it back when its results are read. At most `maxFree` idle
 * sets are kept, least recently used first out, so varying shapes do not pile up memory.
 */
export class BufferPool {
  /** Idle sets, least recently released first. */
  private free: { shape: string; set: BufferSet }[] = [];
  private readonly all = new Set<BufferSet>();

  constructor(
    private readonly device: GPUDevice,
    private readonly maxFree = 4,
  ) {}

  acquire(shape: string): BufferSet {
    let i = this.free.length - 1;
    while (i >= 0 && this.free[i].shape !== shape) i--;
    const set = i >= 0 ? this.free.splice(i, 1)[0].set : new BufferSet(this.device);
    this.all.add(set);
    return set;
  }

  release(shape: string, set: BufferSet): void {
    if (!this.all.has(set)) return; // destroyed by dispose meanwhile
    this.free.push({ shape, set });
    while (this.free.length > this.maxFree) {
      const old = this.free.shift()!.set;
      old.destroy();
      this.all.delete(old);
    }
  }

  /** Destroys a set taken by a call that failed (its buffers may be half written, or too many). */
  discard(set: BufferSet): void {
    set.destroy();
    this.all.delete(set);
  }

  /** Destroys every buffer, in use or idle. */
  destroy(): void {
    for (const set of this.all) set.destroy();
    this.all.clear();
    this.free = [];
  }

  /** Number of sets alive, in use or idle (for tests). */
  get size(): number {
    return this.all.size;
  }
}
