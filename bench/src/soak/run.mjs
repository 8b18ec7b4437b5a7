import process from 'node:process';
import { collectGarbage } from './gc.mjs';

/**
 * @typedef {{ calls: number, rssMB: number, heapMB: number, externalMB: number, counters: Record<string, number> }} SoakSample
 */

/**
 * Memory after a full GC, and every counter.
 * @param {number} calls @param {Record<string, () => number>} counters @returns {SoakSample}
 */
export function sampleNow(calls, counters) {
  collectGarbage();
  collectGarbage();
  const m = process.memoryUsage();
  const mb = (/** @type {number} */ x) => Math.round((x / 1048576) * 1000) / 1000;
  return { calls, rssMB: mb(m.rss), heapMB: mb(m.heapUsed), externalMB: mb(m.external + m.arrayBuffers), counters: Object.fromEntries(Object.entries(counters).map(([k, read]) => [k, read()])) };
}

/**
 * Calls the backend `calls` times, cycling loss(), lossAndGradient() and hessianVectorProduct()
 * (where supported) over `inputs`; after `warmup` calls the baseline sample is taken, then
 * `checkpoints` more evenly spaced (the last after the final call); then disposes the backend and
 * samples its counters once more.
 * @param {{ backend: import('@seq2seq-losses/spec').CtcBackend, counters: Record<string, () => number>,
 *   inputs: Array<{ batch: import('@seq2seq-losses/spec').CtcBatch, direction: import('@seq2seq-losses/spec').FloatArray, options: import('@seq2seq-losses/spec').CtcOptions }>, calls: number, warmup: number, checkpoints?: number }} plan
 * @returns {Promise<{ samples: SoakSample[], afterDispose: Record<string, number>, seconds: number }>}
 */
export async function runSoak({ backend, counters, inputs, calls, warmup, checkpoints = 10 }) {
  const methods = ['loss', 'lossAndGradient', ...(backend.capabilities.hessianVectorProduct ? ['hessianVectorProduct'] : [])];
  const call = (/** @type {number} */ i) => {
    const input = inputs[i % inputs.length];
    const method = methods[Math.floor(i / inputs.length) % methods.length];
    if (method === 'hessianVectorProduct') return backend.hessianVectorProduct(input.batch, input.direction, input.options);
    return method === 'loss' ? backend.loss(input.batch, input.options) : backend.lossAndGradient(input.batch, input.options);
  };
  const started = performance.now();
  const samples = [];
  const marks = new Set(Array.from({ length: checkpoints }, (_, k) => warmup + Math.round(((k + 1) * (calls - warmup)) / checkpoints)));
  for (let i = 0; i < calls; i++) {
    if (i === warmup) samples.push(sampleNow(i, counters));
    await call(i);
    if (marks.has(i + 1)) samples.push(sampleNow(i + 1, counters));
  }
  const seconds = (performance.now() - started) / 1000;
  await backend.dispose();
  const afterDispose = sampleNow(calls, counters).counters;
  return { samples, afterDispose, seconds };
}

/**
 * What a soak must show: every counter at the end equal to its baseline and 0 after dispose; heap,
 * RSS and external memory grown by at most `relative` of the baseline AND at most `bytesPerCall` per
 * measured call (so a leak of even one small result per call fails a short soak).
 * @param {{ samples: SoakSample[], afterDispose: Record<string, number> }} result
 * @param {{ relative?: number, bytesPerCall?: number, quantities?: Array<'heapMB' | 'rssMB' | 'externalMB'> }} [limits]
 * @returns {string[]} the problems found; none when flat
 */
export function judgeSoak(result, { relative = 0.1, bytesPerCall = Infinity, quantities = ['heapMB', 'rssMB', 'externalMB'] } = {}) {
  const problems = [];
  const first = result.samples[0];
  const last = result.samples[result.samples.length - 1];
  const measured = last.calls - first.calls;
  for (const [name, value] of Object.entries(last.counters)) {
    if (value !== first.counters[name]) problems.push(`${name}: ${first.counters[name]} after warm-up, ${value} after ${measured} more calls`);
  }
  for (const [name, value] of Object.entries(result.afterDispose)) if (value !== 0) problems.push(`${name}: ${value} left after dispose()`);
  for (const q of quantities) {
    const grown = last[q] - first[q];
    const limit = Math.min(relative * first[q], (bytesPerCall * measured) / 1048576);
    if (grown > limit) problems.push(`${q}: ${first[q].toFixed(2)} -> ${last[q].toFixed(2)} MB (+${grown.toFixed(2)}, limit ${limit.toFixed(2)}) over ${measured} calls`);
  }
  return problems;
}
