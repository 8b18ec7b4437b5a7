import { spawnSync } from 'node:child_process';
import { createBackend } from '@seq2seq-losses/reference-cpu';
import { compareArrays } from '@seq2seq-losses/spec';
import { describe, expect, it } from 'vitest';
import { benchCase } from '../src/cases.mjs';
import { caseInputs } from '../src/inputs.mjs';
import { startTorchBaseline, torchOnce } from '../src/torch.mjs';

// PyTorch is an optional outside baseline (Debian's python3-torch); CI has no torch, so this runs
// only where /usr/bin/python3 can import it.
const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;

describe.skipIf(!hasTorch)('PyTorch baseline (F.ctc_loss through bench/python/torch_ctc.py)', () => {
  it('times the tiny case and returns loss and gradient that match the float64 reference', async () => {
    const inputs = caseInputs(benchCase('tiny')!);
    const { baseline } = await startTorchBaseline(1);
    const reference = await createBackend();
    try {
      const settings = { warmup: 1, reps: 2, maxSeconds: 5 };
      const expected = await reference.lossAndGradient(inputs.f64, { variant: 'classic' });
      const run = await baseline!.run('tiny', inputs, 'lossAndGradient', settings);
      expect(run.times).toHaveLength(2);
      expect(run.outputs.loss).toHaveLength(4);
      const tol = { rtol: 1e-4, atol: 1e-4 };
      expect(compareArrays(run.outputs.loss, expected.loss, tol).failures).toBe(0);
      expect(compareArrays(run.outputs.gradient!, expected.gradient, tol).failures).toBe(0);
      const forward = await baseline!.run('tiny', inputs, 'forward', settings);
      expect(forward.outputs.gradient).toBeUndefined();
      expect(compareArrays(forward.outputs.loss, expected.loss, tol).failures).toBe(0);
    } finally {
      await baseline!.dispose();
      await reference.dispose();
    }
  });

  it('torchOnce runs one float64 job (the packages\' scripts/bench.mjs) that matches the reference at 1e-9', async () => {
    const { f64 } = caseInputs(benchCase('tiny')!);
    const reference = await createBackend();
    try {
      const expected = await reference.lossAndGradient(f64, { variant: 'classic' });
      const run = torchOnce(f64, { op: 'lossAndGradient', dtype: 'float64', threads: 1, warmup: 1, reps: 2 });
      expect(run.threads).toBe(1);
      expect(run.times).toHaveLength(2);
      expect(run.cpuTimes).toHaveLength(2);
      expect(run.loss).toBeInstanceOf(Float64Array);
      const tol = { rtol: 1e-9, atol: 1e-9 };
      expect(compareArrays(run.loss, expected.loss, tol).failures).toBe(0);
      expect(compareArrays(run.gradient!, expected.gradient, tol).failures).toBe(0);
    } finally {
      await reference.dispose();
    }
  });
});
