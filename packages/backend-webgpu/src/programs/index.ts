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

const NAMES = Object.keys(SPECS) as (keyof typeof SPECS)[];

const byName = (programs: ComputeProgram[]) => Object.fromEntries(NAMES.map((name, i) => [name, programs[i]])) as unknown as CtcPrograms;

/** Compiles every pass (in parallel). */
export async function compilePrograms(device: GPUDevice): Promise<CtcPrograms> {
  return byName(await Promise.all(NAMES.map((name) => ComputeProgram.create(device, SPECS[name]))));
}

/** Compiles every pass now (for kernels that must run synchronously, e.g. inside tfjs). */
export function compileProgramsSync(device: GPUDevice): CtcPrograms {
  return byName(NAMES.map((name) => ComputeProgram.createSync(device, SPECS[name])));
}
