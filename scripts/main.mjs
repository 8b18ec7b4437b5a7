#!/usr/bin/env node
// The main job (`npm start`): on the worked example of docs/math.md and a seeded random batch, compute
// loss, gradient and a Hessian-vector product for both CTC variants with every backend that can
// start here, and print the values, the largest deviation from reference-cpu and the time each took.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { findVulkanDriver } from '../packages/backend-webgpu/scripts/vulkan-env.mjs';

// WebGPU in Node needs a Vulkan driver chosen before the process starts (the loader reads
// VK_ICD_FILENAMES / LD_LIBRARY_PATH at start-up): re-run this script with the software driver's
// variables when one is installed and none is selected yet.
const driver = findVulkanDriver();
if (driver && Object.keys(driver.env).length > 0) {
  const child = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, ...driver.env } });
  process.exit(child.status ?? 1);
}
import { backendIds, createBackendById, defaultBackendOrder, detectEnvironment, exampleBatch, randomBatch, maxAbsDeviation, describeError, seededRandom } from '@seq2seq-losses/spec';

const VARIANTS = ['classic', 'simplified'];

/** [B, T, C] direction with entries uniform in [-1, 1), seeded. */
function directionFor(batch, seed) {
  const uniform = seededRandom(seed);
  const v = new Float64Array(batch.logits.length);
  for (let i = 0; i < v.length; i++) v[i] = 2 * uniform() - 1;
  return v;
}

/** The batch in the backend's precision (float32 backends take Float32Array logits). */
function inPrecision(batch, precision) {
  if (precision === 'float64') return batch;
  return { ...batch, logits: Float32Array.from(batch.logits) };
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(6) : String(x));
const fmtArray = (a, n = 6) => `[${Array.from(a).slice(0, n).map(fmt).join(', ')}${a.length > n ? ', ...' : ''}]`;

async function startBackends() {
  const started = [];
  for (const id of backendIds('node')) {
    try {
      started.push(await createBackendById(id));
    } catch (error) {
      console.log(`  - ${id}: cannot start here (${describeError(error).split('\n')[0]})`);
    }
  }
  return started;
}

async function runCase(title, batch, backends) {
  const direction = directionFor(batch, 7);
  console.log(`\n== ${title}: B=${batch.dims.B} T=${batch.dims.T} C=${batch.dims.C} L=${batch.dims.L}`);
  for (const variant of VARIANTS) {
    const options = { variant, blankIndex: 0 };
    let reference;
    console.log(`\n  ${variant}`);
    console.log(`  ${'backend'.padEnd(14)} ${'HVP ms'.padStart(9)}  ${'max |dev| loss'.padStart(14)} ${'grad'.padStart(9)} ${'hvp'.padStart(9)}  loss`);
    for (const backend of backends) {
      const input = inPrecision(batch, backend.capabilities.precision);
      const dir = backend.capabilities.precision === 'float64' ? direction : Float32Array.from(direction);
      const call = () =>
        backend.capabilities.hessianVectorProduct
          ? backend.hessianVectorProduct(input, dir, options)
          : backend.lossAndGradient(input, options);
      let result;
      let ms;
      try {
        await call(); // warm-up: sessions, pipelines and worker pools are created on first use
        const started = performance.now();
        result = await call();
        ms = performance.now() - started;
      } catch (error) {
        console.log(`  ${backend.name.padEnd(14)} failed: ${describeError(error)}`);
        continue;
      }
      if (backend.name === 'reference-cpu') reference = result;
      const dev = (key) => (reference && result[key] ? maxAbsDeviation(result[key], reference[key]).toExponential(1) : '-');
      console.log(`  ${backend.name.padEnd(14)} ${ms.toFixed(2).padStart(9)}  ${dev('loss').padStart(14)} ${dev('gradient').padStart(9)} ${dev('hvp').padStart(9)}  ${fmtArray(result.loss, 4)}`);
    }
    if (reference && batch.dims.B <= 2) {
      const { T, C } = batch.dims;
      console.log(`  reference gradient, sample ${batch.dims.B - 1}, frame rows [T=${T}, C=${C}]:`);
      const g = reference.gradient;
      const base = (batch.dims.B - 1) * T * C;
      for (let t = 0; t < T; t++) console.log(`    t=${t} ${fmtArray(g.subarray(base + t * C, base + (t + 1) * C), C)}`);
      console.log(`  reference HVP, sample 0, frame 0: ${fmtArray(reference.hvp.subarray(0, C), C)}`);
    }
  }
}

console.log('seq2seq-losses: CTC loss, gradient and Hessian-vector product on every backend that starts here');
console.log('backends:');
const backends = await startBackends();
for (const b of backends) console.log(`  + ${b.name} (${b.capabilities.precision}) ${JSON.stringify(b.info)}`);
const environment = await detectEnvironment();
const order = defaultBackendOrder(environment);
const picked = order.find((id) => backends.some((b) => b.name === id));
console.log(`pickBackend() here (${environment.runtime}, GPU: ${environment.gpu}) tries ${order.join(', ')}: it picks ${picked ?? 'none'}`);
try {
  await runCase('docs/math.md example (expected classic loss [5 ln 3, 4 ln 3 - ln 7] = [5.493061, 2.448539])', exampleBatch(), backends);
  await runCase('seeded random batch', randomBatch({ seed: 1, B: 8, T: 60, C: 12, L: 20, labelLength: [5, 20], logitLength: [40, 60] }), backends);
} finally {
  for (const b of backends) await b.dispose();
}
