// The browser benchmark page: starts every backend this browser can use, runs the quick cases
// (or the ones named in the URL), checks each result against reference-cpu and shows the table,
// the chart and a recommendation. window.__bench holds the records for tests.
import { describeError } from '@seq2seq-losses/spec';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { FULL_SETTINGS, planRuns, QUICK_SETTINGS, quickSkipper, selectCases } from '../../src/plan.mjs';
import { timePerCaseSpec } from '../../src/report/chart-specs.mjs';
import { recommend } from '../../src/report/summary.mjs';
import { runBench } from '../../src/runner.mjs';
import { WEB_BACKENDS } from './catalog.mjs';
import { renderRecords, renderSummary } from './render.mjs';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const status = (/** @type {string} */ text) => ($('status').textContent = text);

async function main() {
  const params = new URLSearchParams(location.search);
  const list = (/** @type {string} */ k) => (params.get(k) ?? '').split(',').filter(Boolean);
  const selection = selectCases({ cases: list('case'), ops: list('op'), variants: list('variant') });
  const wanted = list('backend');
  const full = params.get('full') === '1'; // the CLI's --full settings: 2 warm-ups, up to 10 timed runs, nothing skipped
  /** @type {Map<string, import('@seq2seq-losses/spec').CtcBackend>} */
  const started = new Map();
  const availability = [];
  for (const entry of WEB_BACKENDS) {
    if (wanted.length && !wanted.includes(entry.id) && entry.id !== 'reference-cpu') continue;
    status(`starting ${entry.id}...`);
    try {
      started.set(entry.id, await entry.create());
      availability.push({ id: entry.id, available: true });
    } catch (error) {
      availability.push({ id: entry.id, available: false, reason: describeError(error).split('\n')[0] });
    }
  }
  for (const b of availability) {
    const li = document.createElement('li');
    li.textContent = b.available ? `${b.id}: started` : `${b.id}: unavailable (${b.reason})`;
    $('backends').append(li);
  }
  const reference = started.get('reference-cpu');
  if (!reference) throw new Error(`reference-cpu cannot start: ${availability[0]?.reason}`);
  const ids = [...started.keys()].filter((id) => !wanted.length || wanted.includes(id));
  const runs = planRuns(selection, ids);
  try {
    const records = await runBench(runs, {
      backends: started,
      reference,
      settings: full ? FULL_SETTINGS : QUICK_SETTINGS,
      now: () => performance.now(),
      skip: quickSkipper({ full, cases: list('case'), backends: wanted }),
      onRecord: (r, i) => status(`${i + 1}/${runs.length}: ${r.case} ${r.op} ${r.variant} ${r.backend}`),
    });
    renderSummary($('table'), records);
    renderRecords($('table'), records);
    const pick = recommend(records);
    $('recommendation').textContent = pick ? `Recommended backend for this browser: ${pick.backend} (${pick.why}).` : 'No backend passed the check.';
    const view = new vega.View(vega.parse(compile(/** @type {any} */ (timePerCaseSpec(records))).spec), { renderer: 'svg', container: $('chart') });
    await view.runAsync();
    Object.assign(window, { __bench: { records, availability, recommendation: pick } });
    status(`done: ${records.length} measurements`);
    document.body.dataset.state = 'done';
  } finally {
    for (const b of started.values()) await b.dispose();
  }
}

main().catch((error) => {
  status(`error: ${describeError(error)}`);
  document.body.dataset.state = 'error';
});
