import { ComputeProgram } from '../program.js';
import { alphaBetaProgram } from './alpha-beta.js';
import { centreProgram } from './centre.js';
import { combineProgram } from './combine.js';
import { forwardProgram } from './forward.js';
import { logSoftmaxProgram } from './log-softmax.js';
import { occupancyProgram } from './occupancy.js';
import { tangentsProgram } from './tangents.js';

const SPECS = {
  logSoftmax: logSoftmaxProgram,
  forward: forwardProgram,
  alphaBeta: alphaBetaProgram,
  occupancy: occupancyProgram,
  centre: centreProgram,
  tangents: tangentsProgram,
  combine: combineProgram,
};

export type CtcPrograms = { readonly [K in keyof typeof SPECS]: ComputeProgram };

/** Compiles every pass (in parallel). */
export async function compilePrograms(device: GPUDevice): Promise<CtcPrograms> {
  const names = Object.keys(SPECS) as (keyof typeof SPECS)[];
  const programs = await Promise.all(names.map((name) => ComputeProgram.create(device, SPECS[name])));
  return Object.fromEntries(names.map((name, i) => [name, programs[i]])) as unknown as CtcPrograms;
}
