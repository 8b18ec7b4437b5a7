import { formatDeviation, formatMs, summaryTable } from '../../src/report/summary.mjs';

/**
 * Appends a table built with DOM text nodes (no HTML injection from error messages).
 * @param {HTMLElement} parent
 * @param {string} id
 * @param {string[]} head
 * @param {Array<Array<{ text: string, className?: string }>>} rows
 */
function appendTable(parent, id, head, rows) {
  const table = document.createElement('table');
  table.id = id;
  const tr = table.createTHead().insertRow();
  for (const h of head) tr.append(Object.assign(document.createElement('th'), { textContent: h }));
  const body = table.createTBody();
  for (const row of rows) {
    const r = body.insertRow();
    for (const cell of row) Object.assign(r.insertCell(), { textContent: cell.text, className: cell.className ?? '' });
  }
  parent.append(table);
}

/** Median ms per backend (ratio to PyTorch where measured). @param {HTMLElement} parent @param {import('../../src/runner.mjs').BenchRecord[]} records */
export function renderSummary(parent, records) {
  const { backends, rows } = summaryTable(records);
  appendTable(parent, 'summary', ['case', 'shape', 'op', 'variant', ...backends], rows.map((r) => [
    { text: r.case }, { text: r.shape }, { text: r.op }, { text: r.variant },
    ...r.cells.map((text) => ({ text, className: text.startsWith('WRONG') ? 'wrong' : '' })),
  ]));
}

/** Every record with its check against the reference. @param {HTMLElement} parent @param {import('../../src/runner.mjs').BenchRecord[]} records */
export function renderRecords(parent, records) {
  appendTable(parent, 'records', ['case', 'op', 'variant', 'backend', 'median ms', 'reps', 'max abs dev', 'status', 'note'], records.map((r) => [
    { text: r.case }, { text: r.op }, { text: r.variant }, { text: r.backend },
    { text: r.medianMs === null ? '-' : formatMs(r.medianMs) }, { text: String(r.reps) },
    { text: formatDeviation(r.maxAbsDeviation) },
    { text: r.status, className: r.status === 'ok' ? 'ok' : 'wrong' }, { text: r.note },
  ]));
}
