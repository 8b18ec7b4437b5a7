import { validateCtcCall, type CtcBatch, type CtcOptions, type FloatArray } from '@seq2seq-losses/spec';
import { allocateOutputs, runSamples, sequential, type JobKind } from '../../dist/run-samples.js';
import { Workspace } from '../../dist/workspace.js';

/** Runs the kernels directly, optionally forcing the log-space path; reports how many samples took it. */
export function runInternal(
  kind: JobKind,
  batch: CtcBatch,
  options: CtcOptions,
  forceLog: boolean,
  direction: FloatArray | null = null,
) {
  const opts = validateCtcCall('runInternal', batch, options, direction ?? undefined);
  const out = allocateOutputs(kind, batch.dims, (n) => new Float64Array(n), direction);
  const ws = new Workspace();
  ws.forceLog = forceLog;
  const logPath = runSamples(batch, opts, out, sequential(batch.dims.B), ws);
  return { ...out, logPath };
}
