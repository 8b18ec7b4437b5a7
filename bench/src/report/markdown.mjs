import { formatDeviation, formatMs, summaryTable } from './summary.mjs';

/** @param {string[]} cells */
const row = (cells) => `| ${cells.join(' | ')} |`;

/**
 * The results as markdown: the machine, the summary (median ms and ratio to PyTorch), then every
 * record with min/max, repetitions, peak memory and the deviation from the float64 reference.
 * @param {import('../runner.mjs').BenchRecord[]} records
 * @param {{ date: string, mode: string, machine: Record<string, unknown>, backends: Array<{ id: string, available: boolean, reason?: string }>, torch: string }} meta
 */
export function toMarkdown(records, meta) {
  const m = /** @type {any} */ (meta.machine);
  const { backends, rows } = summaryTable(records);
  const lines = [
    `# CTC benchmark, ${meta.date} (${meta.mode})`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}${m.gpu ? `, GPU: ${m.gpu}` : ', no GPU'}` +
      `${m.vulkanDriver ? `, Vulkan: ${m.vulkanDriver}` : ''}; load average ${m.loadAverage} at the start.`,
    `PyTorch baseline: ${meta.torch}.`,
    '',
    'Median time per call (inputs: logits, so log-softmax is included; ratio = time / PyTorch F.ctc_loss on the same inputs, lower is faster).',
    '',
    row(['case', 'shape', 'op', 'variant', ...backends]),
    row(['---', '---', '---', '---', ...backends.map(() => '---:')]),
    ...rows.map((r) => row([r.case, r.shape, r.op, r.variant, ...r.cells])),
    '',
    'WRONG: some output lies outside the tolerance of the backend\'s precision (float32: |err| <= 1e-4 + 1e-4 |ref|) ' +
      'around the float64 reference (reference-cpu); the max abs dev column below says by how much.',
    '',
    'Unavailable backends: ' + (meta.backends.filter((b) => !b.available).map((b) => `${b.id} (${b.reason})`).join('; ') || 'none') + '.',
    '',
    '## Every measurement',
    '',
    row(['case', 'op', 'variant', 'backend', 'median ms', 'min-max ms', 'reps', 'peak MB', 'max abs dev', 'per output', 'status', 'note']),
    row(['---', '---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---', '---', '---']),
    ...records.map((r) =>
      row([
        r.case, r.op, r.variant, r.backend,
        r.medianMs === null ? '-' : formatMs(r.medianMs),
        r.minMs === null || r.maxMs === null ? '-' : `${formatMs(r.minMs)}-${formatMs(r.maxMs)}`,
        String(r.reps),
        r.peakMemoryMb === null ? '-' : String(Math.round(r.peakMemoryMb)),
        formatDeviation(r.maxAbsDeviation),
        Object.entries(r.deviations ?? {}).map(([k, d]) => `${k} ${formatDeviation(d)}`).join(', '),
        r.status,
        r.note.replace(/\|/g, '/'),
      ]),
    ),
    '',
    'peak MB: the process peak resident memory during the measurement (sampled; the reference and inputs included).',
    '',
  ];
  return lines.join('\n');
}
