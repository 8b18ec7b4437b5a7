import { describe, expect, it } from 'vitest';
import { infeasibleLoss, lossRule, sampleLoss, SampleStatus } from '../src/index.js';

describe('loss outcome', () => {
  const logits = { zeroInfinity: false, inputs: 'logits' } as const;

  it('infeasible samples lose +inf, or 0 with zeroInfinity, whatever the log-likelihood', () => {
    expect(infeasibleLoss(false)).toBe(Infinity);
    expect(infeasibleLoss(true)).toBe(0);
    expect(sampleLoss(SampleStatus.Infeasible, -2, lossRule(logits, true))).toBe(Infinity);
    expect(sampleLoss(SampleStatus.Infeasible, NaN, lossRule({ ...logits, zeroInfinity: true }, true))).toBe(0);
  });

  it('a log-likelihood of -inf counts as infeasible', () => {
    expect(sampleLoss(SampleStatus.Ok, -Infinity, lossRule(logits, false))).toBe(Infinity);
    expect(sampleLoss(SampleStatus.Ok, -Infinity, lossRule({ ...logits, zeroInfinity: true }, false))).toBe(0);
  });

  it('invalid samples lose NaN, even with zeroInfinity', () => {
    expect(sampleLoss(SampleStatus.Invalid, -3, lossRule({ ...logits, zeroInfinity: true }, true))).toBeNaN();
  });

  it('ok samples lose -ll, +0 (not -0) for a certain alignment', () => {
    expect(sampleLoss(SampleStatus.Ok, -2.5, lossRule(logits, false))).toBe(2.5);
    expect(Object.is(sampleLoss(SampleStatus.Ok, 0, lossRule(logits, false)), 0)).toBe(true);
    expect(sampleLoss(SampleStatus.Ok, NaN, lossRule(logits, true))).toBeNaN();
  });

  it('round-off below 0 is clamped only for backends with round-off, in logits mode', () => {
    expect(lossRule(logits, true).clampAtZero).toBe(true);
    expect(lossRule(logits, false).clampAtZero).toBe(false);
    expect(lossRule({ zeroInfinity: false, inputs: 'logProbs' }, true).clampAtZero).toBe(false);
    expect(sampleLoss(SampleStatus.Ok, 1e-7, lossRule(logits, true))).toBe(0);
    expect(sampleLoss(SampleStatus.Ok, 1e-7, lossRule(logits, false))).toBe(-1e-7);
    expect(sampleLoss(SampleStatus.Ok, 1e-7, lossRule({ zeroInfinity: false, inputs: 'logProbs' }, true))).toBe(-1e-7);
  });
});
