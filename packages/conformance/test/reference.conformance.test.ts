import { createBackend } from '@seq2seq-losses/reference-cpu';
import { describeCtcBackend } from '../src/index.js';

// The reference against itself: agreement laws are trivially met, but every other law and every
// golden vector (closed forms derived independently of any lattice) still checks it.
describeCtcBackend('reference-cpu', () => createBackend());
