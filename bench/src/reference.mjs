import { runOp } from './ops.mjs';

/** Ops whose outputs contain the ones before them: hvp -> (loss, gradient) -> loss. @type {import('./cases.mjs').BenchOp[]} */
const CHAIN = ['forward', 'lossAndGradient', 'hvp'];

/**
 * The float64 reference outputs per case / variant / op, each computed once per run. A request for
 * 'forward' or 'lossAndGradient' is served by the largest chain op the run will ask for, so the
 * reference runs once per case and variant (plus once for 'hessian').
 */
export class ReferenceCache {
  /** @param {import('@seq2seq-losses/spec').CtcBackend} reference */
  constructor(reference) {
    this.reference = reference;
    /** @type {Map<string, import('./ops.mjs').OpOutputs>} */
    this.cache = new Map();
  }

  /**
   * @param {string} caseName
   * @param {'classic' | 'simplified'} variant
   * @param {import('./cases.mjs').BenchOp} op
   * @param {readonly import('./cases.mjs').BenchOp[]} plannedOps every op this case and variant will run
   * @param {import('./inputs.mjs').BenchInputs} inputs
   */
  async get(caseName, variant, op, plannedOps, inputs) {
    const key = (/** @type {string} */ o) => `${caseName}/${variant}/${o}`;
    const hit = this.cache.get(key(op));
    if (hit) return hit;
    let computeOp = op;
    if (CHAIN.includes(op)) {
      const planned = CHAIN.filter((o) => plannedOps.includes(o) || o === op);
      computeOp = planned[planned.length - 1];
    }
    const out = await runOp(this.reference, computeOp, inputs.f64, inputs.direction64, { variant });
    const covered = CHAIN.includes(computeOp) ? CHAIN.slice(0, CHAIN.indexOf(computeOp) + 1) : [computeOp];
    for (const o of covered) this.cache.set(key(o), out);
    return out;
  }

  /** Drops one case's results (large cases are not kept once done). @param {string} caseName */
  forget(caseName) {
    for (const k of [...this.cache.keys()]) if (k.startsWith(`${caseName}/`)) this.cache.delete(k);
  }
}
