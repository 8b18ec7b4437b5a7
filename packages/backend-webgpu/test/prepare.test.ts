import { validateCtcCall, type CtcBatch } from '@seq2seq-losses/spec';
import { describe, expect, it } from 'vitest';
import { prepareBatch, STATUS_INFEASIBLE, STATUS_INVALID, STATUS_OK } from '../src/prepare.js';

// The host-side classification of samples (no GPU): one frame of each kind per sample, C = 5 (not a
// multiple of the 4 partial sums), with the odd frame placed in a valid frame, or in padding.
const C = 5;
const MAX = 3.4028234663852886e38; // largest float32

/** One sample per row: T = 3 frames, frame 1 set to `frame`, T_b = 3 (or 1: frame 1 is padding). */
function statusOf(frame: number[], Tb = 3): number {
  const T = 3;
  const logits = new Float32Array(T * C).map((_, i) => Math.cos(i));
  logits.set(frame, C);
  const batch: CtcBatch = { logits, labels: Int32Array.from([1]), labelLength: Int32Array.from([1]), logitLength: Int32Array.from([Tb]), dims: { B: 1, T, C, L: 1 } };
  return prepareBatch(batch, validateCtcCall('loss', batch, {})).status[0];
}

describe('prepareBatch classifies samples from their valid frames', () => {
  it.each([
    ['finite', [0.5, -1, 2, 3, -4], STATUS_OK],
    ['some -inf', [-Infinity, -1, 2, -Infinity, -4], STATUS_OK],
    ['finite values whose sum overflows', [MAX, MAX, MAX, MAX, MAX], STATUS_OK],
    ['+inf and -inf (sum NaN)', [Infinity, -Infinity, 0, 0, 0], STATUS_INVALID],
    ['NaN in the tail after the 4-wide sums', [0, 1, 2, 3, NaN], STATUS_INVALID],
    ['+inf', [0, Infinity, 2, 3, 4], STATUS_INVALID],
    ['all -inf', [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity], STATUS_INVALID],
  ])('%s', (_, frame, expected) => {
    expect(statusOf(frame as number[])).toBe(expected);
  });

  it('frames past T_b are never read, and infeasibility comes first', () => {
    expect(statusOf([NaN, NaN, NaN, NaN, NaN], 1)).toBe(STATUS_OK);
    expect(statusOf([NaN, 0, 0, 0, 0], 0)).toBe(STATUS_INFEASIBLE); // one label token, no frames
  });
});
