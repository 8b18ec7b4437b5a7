// The cost of the call contract (spec's acceptCtcCall) per call, at the original library's
// benchmark shape B=256, T=255, C=32, L=126: validation alone, the copies a snapshot policy makes,
// float64 -> float32 conversion, and the time-major transposition. Median of 15 runs after 3 warm-ups.
// Run: npm run build && node packages/spec/scripts/bench-contract.mjs
import { acceptCtcCall, randomBatch } from '../dist/index.js';

const shape = { B: 256, T: 255, C: 32, L: 126 };
const f32 = randomBatch({ seed: 1, ...shape, labelLength: [63, 126], logitLength: [127, 254], dtype: 'float32' });
const f64 = { ...f32, logits: Float64Array.from(f32.logits) };
const cases = [
  ['validation only (Float32Array, batch-major)', () => acceptCtcCall('lossAndGradient', f32, {}, undefined)],
  ['snapshot policy (Float32Array copied)', () => acceptCtcCall('lossAndGradient', f32, {}, undefined, { snapshot: true, float32: true })],
  ['float32 policy on Float64Array logits', () => acceptCtcCall('lossAndGradient', f64, {}, undefined, { snapshot: true, float32: true })],
  ['timeMajor (transposed to batch-major)', () => acceptCtcCall('lossAndGradient', f32, { timeMajor: true }, undefined)],
];
for (const [name, run] of cases) {
  for (let i = 0; i < 3; i++) run();
  const times = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: median ${times[7].toFixed(2)} ms (min ${times[0].toFixed(2)}, max ${times[14].toFixed(2)})`);
}
