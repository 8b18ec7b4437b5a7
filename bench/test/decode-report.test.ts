import { describe, expect, it } from 'vitest';
import { toDecodeMarkdown } from '../src/decode/report.mjs';
import { peakyLogits, randomLabels } from '../src/decode/inputs.mjs';

const machine = { cpu: 'Test CPU', cores: 2, memoryGb: 8, os: 'Linux', node: 'v20', loadAverage: 1.5, vulkanDriver: null };

describe('decode benchmark', () => {
  it('tabulates medians per case and implementation, with the reasons of what did not run', () => {
    const md = toDecodeMarkdown(
      [
        { case: 'greedy B=32 T=1000 C=5000', impl: 'decode', status: 'ok', medianMs: 12.5 },
        { case: 'greedy B=32 T=1000 C=5000', impl: 'tfjs-wasm', status: 'unavailable', note: 'no wasm' },
        { case: 'align B=32 T=1000 U=200 C=32', impl: 'decode', status: 'ok', medianMs: 3 },
      ],
      { date: '2026-12-03T00:00:00Z', machine, reps: 5, note: 'pyctcdecode is not timed.' },
    );
    expect(md).toContain('| case | decode | tfjs-wasm |');
    expect(md).toContain('| greedy B=32 T=1000 C=5000 | 12.5 ms | unavailable |');
    expect(md).toContain('| align B=32 T=1000 U=200 C=32 | 3 ms | - |');
    expect(md).toContain('- greedy B=32 T=1000 C=5000, tfjs-wasm: unavailable (no wasm)');
    expect(md).toContain('Test CPU, 2 cores');
    expect(md).toContain('pyctcdecode is not timed.');
  });

  it('draws peaky logits (+8 on one token per frame) and labels without the blank', () => {
    const x = peakyLogits(2, 3, 4, 1);
    for (let f = 0; f < 6; f++) {
      const row = Array.from(x.subarray(f * 4, f * 4 + 4));
      expect(row.filter((v) => v >= 8)).toHaveLength(1);
      expect(row.every((v) => v >= 0 && v < 10)).toBe(true);
    }
    const labels = randomLabels(3, 5, 4, 2);
    expect(labels).toHaveLength(15);
    expect(Array.from(labels).every((k) => k >= 1 && k <= 3)).toBe(true);
  });
});
