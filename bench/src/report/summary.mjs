/**
 * The wide summary shared by the markdown file and the browser page: one row per
 * (case, op, variant), one column per backend, each cell the median time and its ratio to PyTorch.
 * @typedef {import('../runner.mjs').BenchRecord} BenchRecord
 */

export const BASELINE = 'pytorch';

/** 12.3 -> '12.3', 0.0123 -> '0.0123', 1234.5 -> '1235'. @param {number} ms */
export function formatMs(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toPrecision(3) : ms.toPrecision(2);
}

/** @param {number | null} d */
export function formatDeviation(d) {
  return d === null ? '-' : d === 0 ? '0' : Number.isFinite(d) ? d.toExponential(1) : 'inf';
}

/**
 * One cell: '12.3 ms (0.45x)'; 'WRONG 12.3 ms' for a result outside tolerance; the status otherwise.
 * @param {BenchRecord | undefined} r
 * @param {BenchRecord | undefined} baseline
 */
export function cellText(r, baseline) {
  if (!r) return '';
  if (r.medianMs === null) return r.status;
  const ratio = baseline && baseline.medianMs && r.backend !== BASELINE ? ` (${(r.medianMs / baseline.medianMs).toFixed(2)}x)` : '';
  return `${r.status === 'wrong' ? 'WRONG ' : ''}${formatMs(r.medianMs)} ms${ratio}`;
}

/** [63, 126] -> '63-126', [40, 40] -> '40'. @param {[number, number]} r */
const span = (r) => (r[0] === r[1] ? `${r[0]}` : `${r[0]}-${r[1]}`);

/** @param {BenchRecord[]} records */
export function summaryTable(records) {
  const backends = [...new Set(records.map((r) => r.backend))].sort((a, b) => (a === BASELINE ? -1 : b === BASELINE ? 1 : 0));
  const keyOf = (/** @type {BenchRecord} */ r) => `${r.case}|${r.op}|${r.variant}`;
  /** @type {Map<string, Map<string, BenchRecord>>} */
  const rows = new Map();
  for (const r of records) {
    if (!rows.has(keyOf(r))) rows.set(keyOf(r), new Map());
    /** @type {Map<string, BenchRecord>} */ (rows.get(keyOf(r))).set(r.backend, r);
  }
  const body = [...rows.values()].map((byBackend) => {
    const any = /** @type {BenchRecord} */ ([...byBackend.values()][0]);
    const base = byBackend.get(BASELINE); // classic rows only: PyTorch has no simplified CTC
    return {
      case: any.case,
      shape: `B=${any.B} T=${any.T} C=${any.C} U=${span(any.labelLength)}${any.logitLength[0] < any.T ? ` T_b=${span(any.logitLength)}` : ''}`,
      op: any.op,
      variant: any.variant,
      cells: backends.map((b) => cellText(byBackend.get(b), base)),
    };
  });
  return { backends, rows: body };
}

/**
 * The backend to recommend: fastest median over lossAndGradient records that passed the check,
 * ranked by the geometric mean of its time relative to the best on each row it ran.
 * @param {BenchRecord[]} records
 * @returns {{ backend: string, why: string } | null}
 */
export function recommend(records) {
  const passed = records.filter((r) => r.status === 'ok' && r.medianMs !== null && r.backend !== BASELINE);
  // The float64 oracle is recommended only when nothing else passed.
  const ok = passed.some((r) => r.backend !== 'reference-cpu') ? passed.filter((r) => r.backend !== 'reference-cpu') : passed;
  const pool = ok.some((r) => r.op === 'lossAndGradient') ? ok.filter((r) => r.op === 'lossAndGradient') : ok;
  if (!pool.length) return null;
  /** @type {Map<string, number>} */
  const best = new Map();
  for (const r of pool) best.set(`${r.case}|${r.variant}|${r.op}`, Math.min(best.get(`${r.case}|${r.variant}|${r.op}`) ?? Infinity, /** @type {number} */ (r.medianMs)));
  /** @type {Map<string, number[]>} */
  const rel = new Map();
  for (const r of pool) {
    const list = rel.get(r.backend) ?? [];
    list.push(Math.log(/** @type {number} */ (r.medianMs) / /** @type {number} */ (best.get(`${r.case}|${r.variant}|${r.op}`))));
    rel.set(r.backend, list);
  }
  const rows = best.size;
  const ranked = [...rel]
    .filter(([, l]) => l.length === rows)
    .map(([b, l]) => ({ b, score: Math.exp(l.reduce((s, x) => s + x, 0) / l.length) }))
    .sort((x, y) => x.score - y.score);
  if (!ranked.length) return null;
  const top = ranked[0];
  return {
    backend: top.b,
    why: `fastest correct ${pool[0].op} across ${rows} measurement(s): ${top.score.toFixed(2)}x the best time on average (geometric mean)` +
      (ranked[1] ? `; next: ${ranked[1].b} at ${ranked[1].score.toFixed(2)}x` : ''),
  };
}
