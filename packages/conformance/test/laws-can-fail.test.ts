import { beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '@seq2seq-losses/reference-cpu';
import type { CtcBackend } from '@seq2seq-losses/spec';
import { CTC_LAWS, type CtcLaw } from '../src/laws/index.js';
import { formatFailure } from '../src/failures.js';
import { defaultVectorFiles, loadVectorFile, runVectorCase } from '../src/vectors.js';
import { resolveTolerance } from '../src/tolerance.js';
import {
  acceptsAnything,
  batchDependent,
  gradientOff,
  hugeRowsOff,
  hvpOff,
  nonDeterministic,
  racesWhenConcurrent,
  readsPadding,
  withCapabilities,
  wrongErrorCode,
} from './support/broken.js';
import { allocatesHessian, failsTogether, ignoresTimeMajor, naiveFloat32, picky, readsAfterAwait, sloppyDispose, writesInputs, ignoresOut } from './support/broken-contract.js';
import { contextFor } from './support/context.js';

const law = (id: string): CtcLaw => {
  const found = CTC_LAWS.find((l) => l.id === id);
  if (!found) throw new Error(`no law ${id}`);
  return found;
};

let reference: CtcBackend;
beforeAll(async () => {
  reference = await createBackend();
});

/** Runs one law against a broken backend; returns its failures' one-line descriptions. */
async function failuresOf(id: string, backend: CtcBackend): Promise<string[]> {
  return (await law(id).run(await contextFor(backend))).map(formatFailure);
}

describe('the laws catch broken backends', () => {
  it('a gradient off by 1e-3 on one element fails agreement, and names the element', async () => {
    const lines = await failuresOf('agreement/classic/logits', gradientOff(reference));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/gradient \(item 0, index \[0, 0\]\)/);
    expect(lines[0]).toMatch(/fast-check seed 7/);
  });

  it('a backend that reads padded frames fails padding-inert', async () => {
    const lines = await failuresOf('padding-inert', readsPadding(reference));
    expect(lines.join('\n')).toMatch(/loss .*with garbage padding.* got NaN/);
  });

  it('a wrong error code fails input-errors, once per non-shape bad input and method', async () => {
    const lines = await failuresOf('input-errors', wrongErrorCode(reference));
    expect(lines.join('\n')).toContain('label = C: error from loss() got SHAPE_MISMATCH, expected CtcInputError LABEL_OUT_OF_RANGE');
    // 29 bad inputs, 8 of them SHAPE_MISMATCH; 4 methods, but 'direction missing' only on hessianVectorProduct
    expect(lines.length).toBe(20 * 4 + 1);
  });

  it('a backend that returns instead of rejecting fails input-errors', async () => {
    const lines = await failuresOf('input-errors', acceptsAnything(reference));
    expect(lines.some((l) => /error from loss\(\) got a result/.test(l))).toBe(true);
  });

  it('a gradient off by 1e-3 breaks the zero row sums (logits mode)', async () => {
    const lines = await failuresOf('rows-sum-zero', gradientOff(reference));
    expect(lines.join('\n')).toMatch(/gradient row sum \(item 0, index \[0\]\) got 0\.001/);
  });

  it('gradient rows off by 0.5 on items of huge loss fail extreme/huge-mix: agreement and the row bounds', async () => {
    const text = (await failuresOf('extreme/huge-mix', hugeRowsOff(reference))).join('\n');
    expect(text).toMatch(/huge mix .*: gradient \(item \d+, index/);
    expect(text).toMatch(/huge mix .*: gradient (row sum|entry in \[-1, [01]\])/);
  });

  it('a backend whose overlapping calls interfere fails determinism/concurrent (and not determinism)', async () => {
    const racy = racesWhenConcurrent(reference);
    const lines = await failuresOf('determinism/concurrent', racy);
    expect(lines.join('\n')).toMatch(/loss from lossAndGradient\(\) \(concurrent call \d+\).*a concurrent call differs/);
    expect(await failuresOf('determinism', racy)).toEqual([]);
  });

  it('a non-deterministic backend fails determinism', async () => {
    const lines = await failuresOf('determinism', nonDeterministic(reference));
    expect(lines.join('\n')).toMatch(/loss from lossAndGradient\(\) \(second call\).*two identical calls differ/);
  });

  it('a batch-size dependent backend fails batch-independence', async () => {
    const lines = await failuresOf('batch-independence', batchDependent(reference));
    expect(lines.join('\n')).toMatch(/loss \((item alone|order)/);
  });

  it('an HVP off by 1e-3 fails HVP agreement and the linear/symmetric law', async () => {
    expect((await failuresOf('agreement/hvp', hvpOff(reference))).join('\n')).toMatch(/hvp \(item 0, index \[0, 0\]\)/);
    expect((await failuresOf('hvp-linear-symmetric', hvpOff(reference))).join('\n')).toMatch(/hvp (linearity|symmetry)/);
  });

  it('a broken gradient fails the golden vectors too', async () => {
    const broken = gradientOff(reference);
    const file = loadVectorFile(defaultVectorFiles().find((f) => f.endsWith('closed-form.json'))!);
    const c = file.cases.find((x) => x.name.startsWith('worked example, classic, zero logits'))!;
    const failures = await runVectorCase(broken, c, resolveTolerance('float64'));
    expect(failures.map(formatFailure)).toEqual([
      expect.stringMatching(/^worked example, classic, zero logits: gradient \(item 0, index \[0, 0\]\) got 0\.3343333333, expected 0\.3333333333/),
    ]);
  });
});

describe('the contract laws catch broken backends', () => {
  it('a backend that ignores timeMajor fails time-major', async () => {
    expect((await failuresOf('time-major', ignoresTimeMajor(reference))).join('\n')).toMatch(/loss \(timeMajor\)/);
  });

  it('a backend that ignores options.out fails out-arrays (identity, values, and the bad arrays it lets through)', async () => {
    const lines = (await failuresOf('contract/out-arrays', ignoresOut(reference))).join('\n');
    expect(lines).toMatch(/options\.out: gradient from lossAndGradient\(\) - the call did not resolve with the array given/);
    expect(lines).toMatch(/options\.out, timeMajor: loss from loss\(\)/);
    expect(lines).toMatch(/out\.gradient is the logits: error from lossAndGradient\(\)/);
    expect(await failuresOf('contract/out-arrays', reference)).toEqual([]);
  });

  it('a backend that reads its inputs after an await fails inputs-snapshot', async () => {
    expect((await failuresOf('contract/inputs-snapshot', readsAfterAwait(reference))).join('\n')).toMatch(/inputs overwritten before the await: lossAndGradient\(\) - rejected: CtcInputError: .*got 100000/);
  });

  it('instanceof checks and refused shared buffers fail other-realm and shared-buffers', async () => {
    expect((await failuresOf('contract/other-realm', picky(reference))).join('\n')).toMatch(/rejected: TypeError: expected `logits`/);
    expect((await failuresOf('contract/shared-buffers', picky(reference))).join('\n')).toMatch(/rejected: Error: Invalid argument/);
  });

  it('rounding float64 logits to float32 first fails beyond-float32', async () => {
    expect((await failuresOf('contract/beyond-float32', naiveFloat32(reference))).join('\n')).toMatch(/logits 1e300 and -1e300 \(Float64Array\): loss/);
  });

  it('allocating a huge Hessian first fails hessian-size', async () => {
    expect((await failuresOf('contract/hessian-size', allocatesHessian(reference))).join('\n')).toMatch(/got RangeError: Invalid typed array length/);
  });

  it('one bad call among 50 concurrent ones: a backend that fails them all, or writes into its inputs, fails concurrent-failure', async () => {
    const together = (await failuresOf('contract/concurrent-failure', failsTogether(reference))).join('\n');
    expect(together).toMatch(/50 concurrent calls, call 25 bad: .*\(call 2[6-9]\) - rejected: CtcInputError/);
    expect(together).not.toMatch(/call 24\)/);
    expect((await failuresOf('contract/concurrent-failure', writesInputs(reference))).join('\n')).toMatch(/logits - a call wrote into the caller's array/);
    expect(await failuresOf('contract/concurrent-failure', reference)).toEqual([]);
  });

  it('dropping calls in flight at dispose and computing after it fails the dispose law', async () => {
    const ctx = await contextFor(reference, 8, async () => sloppyDispose(await createBackend()));
    const lines = (await law('contract/dispose').run(ctx)).map(formatFailure);
    expect(lines.join('\n')).toMatch(/call 0 in flight - rejected: Session already disposed/);
    expect(lines.join('\n')).toMatch(/call after dispose\(\) got a result/);
  });
});

describe('skips come only from declared capabilities', () => {
  it('names the missing capability', () => {
    const caps = withCapabilities(reference, { hessian: false, hessianVectorProduct: false, variants: ['classic'], inputModes: ['logits'] }).capabilities;
    const skipped = Object.fromEntries(CTC_LAWS.map((l) => [l.id, l.skipReason(caps)]).filter(([, r]) => r));
    expect(skipped).toEqual({
      'agreement/classic/logProbs': 'capability: inputModes=logits',
      'agreement/simplified/logits': 'capability: variants=classic',
      'agreement/simplified/logProbs': 'capability: variants=classic',
      'agreement/hvp': 'capability: hessianVectorProduct=false',
      'agreement/hessian': 'capability: hessian=false',
      'hvp-linear-symmetric': 'capability: hessianVectorProduct=false',
      'contract/hessian-size': 'capability: hessian=false',
    });
  });

  it('a float32 backend is held to 1e-4 and gets float32 inputs', async () => {
    const seen: string[] = [];
    const f32 = withCapabilities(reference, { precision: 'float32' });
    const spy: CtcBackend = { ...f32, lossAndGradient: (b, o) => (seen.push(b.logits.constructor.name), reference.lossAndGradient(b, o)) };
    const ctx = await contextFor(spy, 3);
    expect(ctx.tolerance).toEqual({ rtol: 1e-4, atol: 1e-4 });
    expect(await law('agreement/simplified/logits').run(ctx)).toEqual([]);
    expect(new Set(seen)).toEqual(new Set(['Float32Array']));
  });
});
