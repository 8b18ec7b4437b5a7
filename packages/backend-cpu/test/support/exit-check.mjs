// Child process: creates, uses and disposes 20 backends, then must exit on its own (nothing left alive).
import { createBackend, liveWorkerCount } from '../../dist/index.js';
import { randomBatch } from '@seq2seq-losses/spec';

const batch = randomBatch({ seed: 1, B: 8, T: 20, C: 5, L: 5 });
for (let i = 0; i < 20; i++) {
  const backend = await createBackend({ threads: 2, inlineBelow: 0 });
  await backend.lossAndGradient(batch);
  await backend.dispose();
}
// A backend that is used but never disposed must not keep the process alive either (idle workers are unref'd).
const forgotten = await createBackend({ threads: 2, inlineBelow: 0 });
await forgotten.loss(batch);
// the forgotten backend holds threads - 1 = 1 worker (the calling thread computes a share)
console.log(JSON.stringify({ liveAfterDispose: liveWorkerCount() - 1, resources: process.getActiveResourcesInfo() }));
