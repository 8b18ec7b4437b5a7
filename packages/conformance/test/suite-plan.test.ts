import { describe, expect, it } from 'vitest';
import { createBackend } from '@seq2seq-losses/reference-cpu';
import { describeCtcBackend, suitePlan } from '../src/describe.js';
import { formatFailure } from '../src/failures.js';
import { defaultVectorFiles, loadVectorFile } from '../src/vectors.js';
import { withCapabilities } from './support/broken.js';
import { contextFor } from './support/context.js';

const files = defaultVectorFiles().map(loadVectorFile);

describe('suitePlan (what describeCtcBackend registers)', () => {
  it('skips only by declared capability, with the reason in the title', async () => {
    const restricted = withCapabilities(await createBackend(), { variants: ['classic'], inputModes: ['logits'], hessian: false });
    const plan = suitePlan(await contextFor(restricted), files);
    const skipped = plan.filter((e) => e.skipReason).map((e) => `${e.title.split(':')[0]} (${e.skipReason})`);
    expect(skipped.filter((t) => !t.includes('.json'))).toEqual([
      'agreement/classic/logProbs (capability: inputModes=logits)',
      'agreement/simplified/logits (capability: variants=classic)',
      'agreement/simplified/logProbs (capability: variants=classic)',
      'agreement/hessian (capability: hessian=false)',
      'contract/hessian-size (capability: hessian=false)',
    ]);
    const skippedVectors = plan.filter((e) => e.group === 'vectors' && e.skipReason);
    expect(skippedVectors.length).toBeGreaterThan(10);
    for (const e of skippedVectors) expect(e.title).toMatch(/simplified|logProbs|log-probs/);
  });

  it('a float32 backend runs the whole plan at rtol = atol = 1e-4 (reference declared float32 passes)', async () => {
    const f32 = withCapabilities(await createBackend(), { precision: 'float32' });
    const ctx = await contextFor(f32, 3);
    const failures = [];
    for (const entry of suitePlan(ctx, files)) {
      expect(entry.skipReason).toBeUndefined();
      failures.push(...(await entry.run()).map(formatFailure));
    }
    expect(failures).toEqual([]);
  });

  it('refuses skip entries that are not capabilities, and unknown law ids', () => {
    const create = () => createBackend();
    expect(() => describeCtcBackend('x', create, { skip: { determinism: 'flaky on CI' } })).toThrow(/must give a capability reason/);
    expect(() => describeCtcBackend('x', create, { skip: { 'no-such-law': 'capability: none' } })).toThrow(/unknown law id 'no-such-law'/);
  });
});
