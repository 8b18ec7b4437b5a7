import { latticeTopology, type LatticeTopology } from '@seq2seq-losses/spec';

/** The state lattice of one sample: spec's topology (token, stay, skip per state; docs/math.md). */
export type Lattice = LatticeTopology;

/** Builds the lattice of label `labels[offset .. offset + U)` with blank index `blank` (already in [0, C)). */
export const buildLattice = latticeTopology;
