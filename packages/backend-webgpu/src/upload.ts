/**
 * Writes `data` at the start of `buffer`. Dawn cannot take views of a SharedArrayBuffer (Node:
 * segfault), so those are copied first into an ArrayBuffer of their own.
 */
export function writeArray(queue: GPUQueue, buffer: GPUBuffer, data: Float32Array | Int32Array): void {
  queue.writeBuffer(buffer, 0, data.buffer instanceof ArrayBuffer ? data : data.slice());
}
