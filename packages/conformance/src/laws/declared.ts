import { CTC_INPUT_MODES, CTC_VARIANTS } from '@seq2seq-losses/spec';
import type { LawFailure } from '../failures.js';
import type { CtcLaw, LawContext } from './types.js';

/**
 * The backend declares what it does, and has what it declares: a known precision, a non-empty subset
 * of the variants and input modes, and a method for every second-order capability set to true. (A
 * capability set to false may have no method at all: the suite then never calls it.)
 */
export const declaredCapabilitiesLaw: CtcLaw = {
  id: 'declared-capabilities',
  title: 'capabilities are well formed and every declared method exists',
  skipReason: () => undefined,
  run: async (ctx: LawContext) => declaredCapabilityFailures(ctx.backend),
};

export function declaredCapabilityFailures(backend: LawContext['backend']): LawFailure[] {
  const caps = backend.capabilities;
  const failures: LawFailure[] = [];
  const fail = (quantity: string, got: string, expected: string) => failures.push({ case: 'capabilities', quantity, got, expected });
  if (typeof backend.name !== 'string' || backend.name === '') fail('name', String(backend.name), 'a non-empty string');
  if (caps?.precision !== 'float32' && caps?.precision !== 'float64') fail('capabilities.precision', String(caps?.precision), "'float32' or 'float64'");
  const subset = (what: string, got: unknown, known: readonly string[]) => {
    const list = Array.isArray(got) ? (got as unknown[]) : [];
    if (list.length === 0 || list.some((x) => !known.includes(x as string))) fail(`capabilities.${what}`, JSON.stringify(got), `a non-empty subset of ${known.join(', ')}`);
  };
  subset('variants', caps?.variants, CTC_VARIANTS);
  subset('inputModes', caps?.inputModes, CTC_INPUT_MODES);
  for (const method of ['hessianVectorProduct', 'hessian'] as const) {
    if (caps?.[method] && typeof (backend as unknown as Record<string, unknown>)[method] !== 'function') {
      fail(method, 'no method', `a ${method}() method (capabilities.${method} is true)`);
    }
  }
  return failures;
}
