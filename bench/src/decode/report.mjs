import { DECODE_CASES } from './cases.mjs';

/**
 * A markdown table: one row per case, one column per implementation (median ms).
 * @param {any[]} records
 * @param {{ date: string, machine: ReturnType<typeof import('../machine.mjs').describeMachine>, reps: number, note: string }} meta
 */
export function toDecodeMarkdown(records, meta) {
  const impls = [...new Set(records.map((r) => r.impl))];
  const m = meta.machine;
  const lines = [
    `# Decode benchmark, ${meta.date.slice(0, 10)}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, load average ${m.loadAverage} at the start.`,
    `Median of ${meta.reps} runs after one warm-up, whole batch per call, results on the host. Inputs: "peaky"`,
    'float32 logits (uniform [0, 2) plus +8 on one token per frame, the blank on ~60% of frames); beam search',
    'without cut-offs (every token may extend every prefix); forced alignment with labels of U random tokens.',
    '',
    meta.note,
    ...(m.vulkanDriver && records.some((r) => r.impl === 'webgpu')
      ? ['', `webgpu: backend-webgpu's forced aligner on the Vulkan driver ${m.vulkanDriver} (software, on the same CPU cores: a regression baseline, not GPU speed).`]
      : []),
    '',
    `| case | ${impls.join(' | ')} |`,
    `| --- | ${impls.map(() => '---:').join(' | ')} |`,
  ];
  for (const c of DECODE_CASES) {
    const row = records.filter((r) => r.case === c.id);
    if (!row.length) continue;
    const cell = (/** @type {string} */ id) => {
      const r = row.find((x) => x.impl === id);
      if (!r) return '-';
      return r.status === 'ok' ? `${r.medianMs} ms` : r.status;
    };
    lines.push(`| ${c.id} | ${impls.map(cell).join(' | ')} |`);
  }
  const notes = records.filter((r) => r.status !== 'ok');
  if (notes.length) lines.push('', ...notes.map((r) => `- ${r.case}, ${r.impl}: ${r.status} (${r.note})`));
  return lines.join('\n') + '\n';
}
