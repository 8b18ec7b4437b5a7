import type { AcceptedCtcCall } from '@seq2seq-losses/spec';
import type { CtcContext } from '../context.js';

/**
 * The ops' host context of an accepted call (already validated and batch-major by
 * defineCtcBackend): its arrays as they are, so nothing is validated or read back again.
 */
export function contextOf(call: AcceptedCtcCall): CtcContext {
  const { labels, labelLength, logitLength, dims } = call.batch;
  return { labels, labelLength, logitLength, dims, options: { ...call.options, timeMajor: false } };
}
