import { afterAll, beforeAll, describe, it } from 'vitest';
import { randomBatch, type CtcBackend } from '@seq2seq-losses/spec';
import { agree } from './support/agree.js';
import { createTestBackend } from './support/gpu.js';

// Shapes beyond one workgroup: states tiled over threads (U = 640 -> S = 1281 > 128 threads, label
// scatter in chunks of 64), tokens tiled in log-softmax (C = 5000), long time loops (T = 2000, 10000).
let backend: CtcBackend;
beforeAll(async () => {
  backend = await createTestBackend();
});
afterAll(() => backend.dispose());

describe('webgpu at scale', () => {
  it('U = 640 labels, T = 2000 frames (B = 2), loss, gradient and HVP', async () => {
    const batch = randomBatch({ seed: 1, B: 2, T: 2000, C: 30, L: 640, labelLength: [600, 640], logitLength: [1500, 2000] });
    await agree(backend, batch, true);
  });

  it('C = 5000 tokens (T = 100, U = 40)', async () => {
    await agree(backend, randomBatch({ seed: 2, B: 2, T: 100, C: 5000, L: 40, labelLength: [30, 40] }), false);
  });

  it('T = 66000 frames, over maxComputeWorkgroupsPerDimension (65535): two chunks of per-frame dispatches', async () => {
    // ~10 s on lavapipe (66000 sequential steps); measured max abs gradient error 4.8e-7, loss 90987.23
    const batch = randomBatch({ seed: 5, B: 1, T: 66000, C: 3, L: 2, labelLength: [2, 2] });
    await agree(backend, batch, false);
  });

  it('T = 10000 frames (U = 300, classic with HVP, simplified)', async () => {
    const batch = randomBatch({ seed: 3, B: 1, T: 10000, C: 6, L: 300, labelLength: [300, 300] });
    // The posterior lies thousands of nats below each frame's maximum here; the two-float alpha/beta
    // keep the gradient at ~1e-6 (measured 1.2e-6 on lavapipe; 7e-4 in plain float32, which also
    // shows when a shader compiler folds away the TwoSum error terms) and the HVP at 2.1e-5 (max |Hv| 7.3).
    const tight = { rtol: 1e-5, atol: 1e-5 };
    await agree(backend, batch, true, { gradient: tight });
    await agree(backend, batch, false, { gradient: tight }, { variant: 'simplified' });
  });
});
