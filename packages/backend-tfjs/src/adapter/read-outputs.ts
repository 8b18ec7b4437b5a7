import * as tf from '@tensorflow/tfjs-core';

/**
 * Host copies (float32) of named output tensors, which are then disposed. Reads with the async
 * `data()`: tfjs's webgpu backend cannot read synchronously in every browser (headless Chromium
 * on SwiftShader returns zeros from `dataSync`), and on cpu/wasm it costs the same.
 */
export async function readOutputs<K extends string>(outputs: Record<K, tf.Tensor>): Promise<Record<K, Float32Array>> {
  const host = {} as Record<K, Float32Array>;
  try {
    for (const key of Object.keys(outputs) as K[]) host[key] = ((await outputs[key].data()) as Float32Array).slice();
  } finally {
    tf.dispose(Object.values(outputs) as tf.Tensor[]);
  }
  return host;
}
