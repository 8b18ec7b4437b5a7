import { randomBatch, type CtcBatch, type CtcVariant } from '@seq2seq-losses/spec';
import { agreeWithReference } from '../agree.js';
import { randomDirection } from '../arbitraries.js';
import { roundBatch } from '../batch-tools.js';
import { guarded } from '../property.js';
import type { LawFailure } from '../failures.js';
import type { CtcLaw, LawContext } from './types.js';

const T = 600;
const C = 5;

/**
 * One sample of T = 600 frames, C = 5, logits ~ N(0, 4) (loss near 1000) per supported variant:
 * loss, gradient and HVP within the declared tolerance. A float32 backend whose error grows with
 * the loss (PyTorch: 3.8e-4 at T = 350) fails here.
 */
export const longTLaw: CtcLaw = {
  id: 'extreme/long-T',
  title: `long sequences (T=${T}) agree with reference-cpu`,
  skipReason: () => undefined,
  run: async (ctx) => {
    const failures: LawFailure[] = [];
    for (const variant of ctx.backend.capabilities.variants) failures.push(...(await longCase(ctx, variant)));
    return failures;
  },
};

async function longCase(ctx: LawContext, variant: CtcVariant): Promise<LawFailure[]> {
  const caps = ctx.backend.capabilities;
  const inputs = caps.inputModes.includes('logits') ? 'logits' : caps.inputModes[0];
  const U = variant === 'classic' ? 150 : 200;
  const seed = ctx.seed + (variant === 'classic' ? 1 : 2);
  const raw = randomBatch({ seed, B: 1, T, C, L: U, labelLength: [U, U], logitLength: [T, T], scale: 2 });
  const batch: CtcBatch<Float64Array> = roundBatch(raw, caps.precision);
  const name = `long-T T=${T} C=${C} U=${U} ${variant} ${inputs} seed=${seed}`;
  return guarded(
    () =>
      agreeWithReference(
        ctx,
        { name, batch, options: { variant, inputs }, direction: randomDirection(T * C, seed, caps.precision) },
        { lossCall: false, hvp: caps.hessianVectorProduct },
      ),
    name,
  );
}
