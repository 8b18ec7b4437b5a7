import { withinTolerance } from '@seq2seq-losses/spec';
import type { LawFailure } from '../failures.js';
import { collapse } from './enumerate.js';
import { decodePropertyLaw, operation, sameLabels, show, type DecodeLaw } from './law.js';

/** Greedy = the argmax path collapsed; logScore = that path's log-probability. */
export const greedyArgmaxLaw: DecodeLaw = decodePropertyLaw({
  id: 'decode/greedy-argmax',
  title: 'greedy decoding is the per-frame argmax path, collapsed, with its log-probability',
  operations: ['greedy'],
  limits: { maxB: 4, maxT: 12, maxC: 7 },
  check: async (decoder, c, ctx) => {
    const got = await operation(decoder, 'greedy')(c.input, c.options);
    const failures: LawFailure[] = [];
    const { C } = c.input.dims;
    c.z.forEach((z, b) => {
      const Tb = c.input.logitLength[b];
      const path: number[] = [];
      let score = 0;
      for (let t = 0; t < Tb; t++) {
        let best = 0;
        for (let k = 1; k < C; k++) if (z[t * C + k] > z[t * C + best]) best = k;
        path.push(best);
        score += z[t * C + best];
      }
      const labels = collapse(path, c.options.variant, c.blank);
      if (!sameLabels(got.labels[b], labels)) {
        failures.push({ case: c.name, quantity: 'greedy labels', item: b, got: show(got.labels[b]), expected: show(labels) });
      }
      if (!withinTolerance(got.logScore[b], score, ctx.tolerance)) {
        failures.push({ case: c.name, quantity: 'greedy logScore', item: b, got: got.logScore[b], expected: score });
      }
    });
    return failures;
  },
});
