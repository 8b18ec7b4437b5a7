import * as ort from 'onnxruntime-node';
import { buildCtcModel, type OnnxModelSpec } from './graph/models.js';

/** Session settings shared by every model of one backend. */
export interface SessionSettings {
  readonly executionProviders: readonly string[];
  /** ORT intra-op threads; 0 or undefined: ORT's choice (one per core) for HVP models, LOSS_MODEL_THREADS for the others. */
  readonly intraOpNumThreads?: number;
  /**
   * Whether idle intra-op threads spin. Off by default: on a shared 2-core machine spinning threads
   * doubled the loss+gradient time (1.05 s -> 0.60 s without, B=256 T=255).
   */
  readonly allowSpinning?: boolean;
}

/**
 * Intra-op threads of the loss and loss+gradient models unless the caller sets some: chains of small
 * nodes (the probability-space Scans), where handing work to a second (non-spinning) thread costs more
 * than it saves. Measured on the 2-core test machine: B=32 T=150 loss 2.7 ms with 1 thread vs 3.2 ms
 * with 2; B=256 T=255 loss+gradient 276 ms with 1 thread vs 300 ms with 2 (ORT's parallel executor: 285 ms).
 */
export const LOSS_MODEL_THREADS = 1;

/**
 * One InferenceSession per (variant, op, dtype, input mode), created on first use from the
 * model bytes and kept until `dispose` (session.release()).
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  constructor(private readonly settings: SessionSettings) {}

  get(spec: OnnxModelSpec): Promise<ort.InferenceSession> {
    const key = `${spec.variant}/${spec.op}/${spec.dtype}/${spec.inputs}`;
    let session = this.sessions.get(key);
    if (!session) {
      const threads = this.settings.intraOpNumThreads || (spec.op === 'hvp' ? 0 : LOSS_MODEL_THREADS);
      session = createSession(buildCtcModel(spec), { ...this.settings, intraOpNumThreads: threads });
      this.sessions.set(key, session);
      session.catch(() => this.sessions.delete(key)); // a failed start may be retried
    }
    return session;
  }

  get size(): number {
    return this.sessions.size;
  }

  async dispose(): Promise<void> {
    const pending = [...this.sessions.values()];
    this.sessions.clear();
    for (const p of pending) {
      const session = await p.catch(() => null);
      await session?.release();
    }
  }
}

export function createSession(bytes: Uint8Array, settings: SessionSettings): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    executionProviders: [...settings.executionProviders],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3, // errors only: not the "nodes not assigned to the preferred EP" warnings
    ...(settings.intraOpNumThreads ? { intraOpNumThreads: settings.intraOpNumThreads } : {}),
    extra: { session: { intra_op: { allow_spinning: settings.allowSpinning ? '1' : '0' } } },
  });
}
