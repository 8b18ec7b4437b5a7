import { CtcInputError } from '@seq2seq-losses/spec';
import { editDistance } from './edit-distance.js';

/** A corpus-level error rate: total edits / total reference length (not a mean of per-item rates). */
export interface ErrorRate {
  readonly rate: number;
  readonly edits: number;
  readonly referenceLength: number;
}

function corpusRate<T>(fn: string, hypotheses: readonly ArrayLike<T>[], references: readonly ArrayLike<T>[]): ErrorRate {
  if (hypotheses.length !== references.length) {
    throw new CtcInputError('SHAPE_MISMATCH', fn, 'hypotheses', `expected \`hypotheses\` to have ${references.length} items (one per reference), got ${hypotheses.length}`);
  }
  let edits = 0;
  let referenceLength = 0;
  for (let i = 0; i < references.length; i++) {
    edits += editDistance(hypotheses[i], references[i]);
    referenceLength += references[i].length;
  }
  // An empty reference corpus: 0 when nothing was inserted, else Infinity.
  const rate = referenceLength > 0 ? edits / referenceLength : edits === 0 ? 0 : Infinity;
  return { rate, edits, referenceLength };
}

/** Token error rate over a batch of token sequences (e.g. decoded labels against the true labels). */
export function tokenErrorRate(hypotheses: readonly ArrayLike<number>[], references: readonly ArrayLike<number>[]): ErrorRate {
  return corpusRate('tokenErrorRate', hypotheses, references);
}

/** Character error rate: edits over Unicode code points. */
export function characterErrorRate(hypotheses: readonly string[], references: readonly string[]): ErrorRate {
  return corpusRate('characterErrorRate', hypotheses.map((s) => Array.from(s)), references.map((s) => Array.from(s)));
}

/** Word error rate: edits over whitespace-separated words. */
export function wordErrorRate(hypotheses: readonly string[], references: readonly string[]): ErrorRate {
  return corpusRate('wordErrorRate', hypotheses.map(words), references.map(words));
}

/** Character and word error rates of a batch of transcripts. */
export function errorRates(hypotheses: readonly string[], references: readonly string[]): { cer: ErrorRate; wer: ErrorRate } {
  return { cer: characterErrorRate(hypotheses, references), wer: wordErrorRate(hypotheses, references) };
}

function words(s: string): string[] {
  return s.split(/\s+/).filter((w) => w.length > 0);
}
