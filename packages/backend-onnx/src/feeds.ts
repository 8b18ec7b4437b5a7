import * as ort from 'onnxruntime-node';
import type { CtcBatch, FloatArray, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { INPUT } from './graph/io-names.js';
import type { OnnxDtype } from './onnx/proto.js';

/** A float array in the model's dtype (the caller's array itself when it already is; never mutated). */
export function asDtype(x: FloatArray, dtype: OnnxDtype): FloatArray {
  if (dtype === 'float64') return x instanceof Float64Array ? x : Float64Array.from(x);
  return x instanceof Float32Array ? x : Float32Array.from(x);
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * int32 -> int64 tensor. On little-endian hosts the words are written directly (low word, then the
 * sign extension): ~50x faster than one BigInt per element, which cost ~0.1 ms per call at B=32, L=40.
 */
function int64(x: Int32Array, dims: number[]): ort.Tensor {
  const out = new BigInt64Array(x.length);
  if (LITTLE_ENDIAN) {
    const words = new Int32Array(out.buffer);
    for (let i = 0; i < x.length; i++) {
      words[2 * i] = x[i];
      words[2 * i + 1] = x[i] >> 31; // 0 or -1
    }
  } else {
    for (let i = 0; i < x.length; i++) out[i] = BigInt(x[i]);
  }
  return new ort.Tensor('int64', out, dims);
}

/** The model inputs of a validated batch: logits, labels, lengths, blank (and direction for HVP). */
export function toFeeds(
  batch: CtcBatch,
  opts: ResolvedCtcOptions,
  dtype: OnnxDtype,
  direction?: FloatArray,
): Record<string, ort.Tensor> {
  const { B, T, C } = batch.dims;
  const { labels, L } = trimLabels(batch);
  const feeds: Record<string, ort.Tensor> = {
    [INPUT.logits]: new ort.Tensor(dtype, asDtype(batch.logits, dtype), [B, T, C]),
    [INPUT.labels]: int64(labels, [B, L]),
    [INPUT.labelLengths]: int64(batch.labelLength, [B]),
    [INPUT.logitLengths]: int64(batch.logitLength, [B]),
    [INPUT.blank]: new ort.Tensor('int64', BigInt64Array.of(BigInt(opts.blankIndex)), []),
  };
  if (direction) feeds[INPUT.direction] = new ort.Tensor(dtype, asDtype(direction, dtype), [B, T, C]);
  return feeds;
}

/**
 * Labels cut to the longest label of the batch (slots u >= max U_b are padding): the lattice has
 * S = 2L + 1 states, so padding columns would cost work in every step.
 */
function trimLabels(batch: CtcBatch): { labels: Int32Array; L: number } {
  const { B, L } = batch.dims;
  const maxU = batch.labelLength.reduce((m, u) => Math.max(m, u), 0);
  if (maxU === L) return { labels: batch.labels, L };
  const labels = new Int32Array(B * maxU);
  for (let b = 0; b < B; b++) labels.set(batch.labels.subarray(b * L, b * L + maxU), b * maxU);
  return { labels, L: maxU };
}
