import { T_SWEEP_CASES } from '../cases.mjs';

/**
 * vega-lite specs of the two charts, from the records that have a time. Shared by the SVG files
 * (Node) and the browser page.
 * @typedef {import('../runner.mjs').BenchRecord} BenchRecord
 */

/** @param {BenchRecord[]} records */
const timed = (records) =>
  records
    .filter((r) => r.medianMs !== null)
    .map((r) => ({ ...r, row: `${r.case} ${r.op}`, checked: r.status === 'ok' ? 'matches reference' : 'WRONG' }));

/**
 * Time per backend per case: one panel per (case, op), bars per backend, colour by variant,
 * log scale (times span 0.1 ms to minutes).
 * @param {BenchRecord[]} records
 */
export function timePerCaseSpec(records) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'CTC median time per call (ms, log scale)',
    data: { values: timed(records) },
    facet: { field: 'row', type: 'nominal', title: null },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 220,
      height: 160,
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'backend', type: 'nominal', title: null, axis: { labelAngle: -40 } },
        xOffset: { field: 'variant', type: 'nominal' },
        y: { field: 'medianMs', type: 'quantitative', scale: { type: 'log' }, title: 'ms' },
        color: { field: 'variant', type: 'nominal' },
        opacity: { field: 'checked', type: 'ordinal', sort: ['matches reference', 'WRONG'], scale: { domain: ['matches reference', 'WRONG'], range: [1, 0.3] } },
      },
    },
  };
}

/**
 * Time against T at B=32, C=28, L=40 (the T sweep), loss+gradient: cost should be linear in T.
 * @param {BenchRecord[]} records
 */
export function timeVsLengthSpec(records) {
  const values = timed(records).filter((r) => T_SWEEP_CASES.includes(r.case) && r.op === 'lossAndGradient');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'loss + gradient time against T (B=32, C=28, L=40)',
    width: 420,
    height: 260,
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'T', type: 'quantitative', title: 'T (frames)' },
      y: { field: 'medianMs', type: 'quantitative', scale: { type: 'log' }, title: 'median ms (log)' },
      color: { field: 'backend', type: 'nominal' },
      strokeDash: { field: 'variant', type: 'nominal' },
    },
  };
}
