import { createBackend } from '@seq2seq-losses/reference-cpu';
import type { CtcBackend } from '@seq2seq-losses/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCase } from '../src/cases.mjs';
import { planRuns, QUICK_SETTINGS, quickSkipper, selectCases } from '../src/plan.mjs';
import { recommend } from '../src/report/summary.mjs';
import { runBench } from '../src/runner.mjs';

let reference: CtcBackend;
beforeAll(async () => {
  reference = await createBackend();
});
afterAll(() => reference.dispose());

/** A backend that answers like the reference, with the gradient shifted by `shift` at one element. */
function perturbed(name: string, shift: number, overrides: Partial<CtcBackend> = {}): CtcBackend {
  return {
    name,
    capabilities: { ...reference.capabilities, precision: 'float32' },
    info: {},
    loss: (b, o) => reference.loss(b, o),
    lossAndGradient: async (b, o) => {
      const r = await reference.lossAndGradient(b, o);
      const gradient = Float64Array.from(r.gradient);
      gradient[5] += shift;
      return { loss: r.loss, gradient };
    },
    hessianVectorProduct: (b, v, o) => reference.hessianVectorProduct(b, v, o),
    hessian: (b, o) => reference.hessian(b, o),
    dispose: async () => {},
    ...overrides,
  };
}

async function bench(backends: Record<string, CtcBackend>, ops: string[]) {
  const selection = selectCases({ cases: ['tiny'], ops, variants: ['classic'] });
  return runBench(planRuns(selection, Object.keys(backends)), {
    backends: new Map(Object.entries(backends)),
    reference,
    settings: { ...QUICK_SETTINGS, reps: 2 },
    now: () => performance.now(),
  });
}

describe('runBench checks every result against the float64 reference', () => {
  it('reports a result off by 1e-3 as wrong with its deviation, and one off by 1e-6 as ok', async () => {
    const records = await bench({ bad: perturbed('bad', 1e-3), good: perturbed('good', 1e-6) }, ['lossAndGradient']);
    const byBackend = Object.fromEntries(records.map((r) => [r.backend, r]));
    expect(byBackend.bad.status).toBe('wrong');
    expect(byBackend.bad.maxAbsDeviation).toBeCloseTo(1e-3, 9);
    expect(byBackend.bad.note).toContain('gradient: 1/480 outside');
    expect(byBackend.bad.reps).toBe(2);
    expect(byBackend.good.status).toBe('ok');
    expect(byBackend.good.maxAbsDeviation).toBeCloseTo(1e-6, 12);
    // a wrong backend is never recommended, however fast
    expect(recommend(records)?.backend).toBe('good');
  });

  it('reports missing capabilities as unsupported and a throwing backend as error, without timings', async () => {
    const noHvp = perturbed('no-hvp', 0, { capabilities: { ...reference.capabilities, hessianVectorProduct: false } });
    const broken = perturbed('broken', 0, {
      hessianVectorProduct: async () => {
        throw new Error('device lost');
      },
    });
    const records = await bench({ 'no-hvp': noHvp, broken }, ['hvp']);
    expect(records.map((r) => [r.backend, r.status, r.note, r.medianMs])).toEqual([
      ['no-hvp', 'unsupported', 'no Hessian-vector product', null],
      ['broken', 'error', 'device lost', null],
    ]);
  });
});

describe('case selection', () => {
  it('the quick default times each case quickOps, lightest heaviest-op first; --full times every op', () => {
    const quick = selectCases({});
    expect(quick.cases.map((c) => c.name)).toEqual(['warpctc-c28', 'length-300', 'long-1000', 'original', 'warpctc-c5000', 'hessian']);
    expect(quick.opsOf(quick.cases[0])).toEqual(['forward', 'lossAndGradient', 'hvp']);
    expect(quick.cases.map((c) => quick.variantsOf(c).join('+'))).toEqual(['classic+simplified', 'classic', 'classic', 'classic', 'classic', 'classic']);
    const full = selectCases({ full: true, ops: ['hvp'] });
    expect(full.cases.map((c) => c.name)).toEqual(['tiny', 'warpctc-c28', 'long-1000', 'original', 'long-5000']);
    for (const c of full.cases) expect(full.variantsOf(c)).toEqual(['classic', 'simplified']);
  });

  it('a named case, or a named variant, overrides the quick variants', () => {
    const named = selectCases({ cases: ['original'] });
    expect(named.opsOf(named.cases[0])).toEqual(['forward', 'lossAndGradient', 'hvp']);
    expect(named.variantsOf(named.cases[0])).toEqual(['classic', 'simplified']);
    const simplified = selectCases({ variants: ['simplified'] });
    expect(simplified.cases.map((c) => simplified.variantsOf(c))).toEqual(simplified.cases.map(() => ['simplified']));
    expect(planRuns(selectCases({ cases: ['hessian'] }), ['cpu']).map((r) => r.variant)).toEqual(['classic', 'simplified']);
  });

  it('the quick run skips the listed slow pairs unless both case and backend are named', () => {
    const run = { case: benchCase('hessian')!, variant: 'classic' as const, op: 'hessian' as const, backendId: 'webgpu' };
    expect(quickSkipper({})(run)).toMatch(/^quick mode: skipped \(.+\); use --full$/);
    expect(quickSkipper({})({ ...run, backendId: 'cpu' })).toBeUndefined();
    expect(quickSkipper({ cases: ['hessian'], backends: ['webgpu'] })(run)).toBeUndefined();
    expect(quickSkipper({ full: true })(run)).toBeUndefined();
  });
});
