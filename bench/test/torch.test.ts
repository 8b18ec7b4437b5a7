import { createBackend } from '@seq2seq-losses/reference-cpu';
import { compareArrays } from '@seq2seq-losses/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { benchCase } from '../src/cases.mjs';
import { caseInputs } from '../src/inputs.mjs';
import { startTorchBaseline, torchOnce, torchUnavailableReason } from '../src/torch.mjs';

// PyTorch is the benchmarks' outside baseline (Debian's python3-torch, which .ci/run installs). Run by
// hand without it, these tests fail with the command that installs it; they never skip.
describe('PyTorch baseline (F.ctc_loss through bench/python/torch_ctc.py)', () => {
  beforeAll(() => {
    const why = torchUnavailableReason();
    if (why) throw new Error(`${why}: apt-get install -y --no-install-recommends python3-torch`);
  });

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
