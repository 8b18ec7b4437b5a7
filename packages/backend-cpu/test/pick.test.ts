import { pickBackend } from '@seq2seq-losses/spec';
import { describe, expect, it } from 'vitest';

// spec's pickBackend with its default loader (import by package name) in Node without a GPU:
// backend-cpu is first in the default order, and it is installed here.
describe('pickBackend() in Node without a GPU', () => {
  it('starts backend-cpu and computes the worked example', async () => {
    const ctc = await pickBackend();
    try {
      expect(ctc.name).toBe('cpu');
      const loss = await ctc.loss({
        logits: new Float32Array(2 * 5 * 3),
        labels: Int32Array.from([1, 2, 2, 1, 1, 2, 1, 0]),
        labelLength: Int32Array.from([4, 3]),
        logitLength: Int32Array.from([5, 4]),
        dims: { B: 2, T: 5, C: 3, L: 4 },
      });
      expect(loss[0]).toBeCloseTo(5 * Math.log(3), 5);
      expect(loss[1]).toBeCloseTo(4 * Math.log(3) - Math.log(7), 5);
    } finally {
      await ctc.dispose();
    }
  });
});
