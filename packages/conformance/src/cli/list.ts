import { backendEntry, backendIds, createBackendById, describeError, type CtcBackend } from '@seq2seq-losses/spec';

export interface BackendProbe {
  readonly id: string;
  readonly available: boolean;
  readonly reason?: string;
  readonly info?: CtcBackend['info'];
}

/** Whether each Node backend of the catalog can start here (each is started and disposed). */
export async function probeBackends(): Promise<BackendProbe[]> {
  const out: BackendProbe[] = [];
  for (const id of backendIds('node')) {
    try {
      const backend = await createBackendById(id);
      out.push({ id, available: true, info: backend.info });
      await backend.dispose();
    } catch (error) {
      out.push({ id, available: false, reason: describeError(error) });
    }
  }
  return out;
}

/** `ctc-conformance --list`: one line per id (or one JSON document). */
export async function listBackends(json: boolean): Promise<number> {
  const probes = await probeBackends();
  if (json) {
    console.log(JSON.stringify({ backends: probes.map((p) => ({ ...p, description: backendEntry(p.id)?.description })) }, null, 1));
    return 0;
  }
  for (const p of probes) {
    const description = backendEntry(p.id)?.description ?? '';
    console.log(`${p.id.padEnd(14)} ${p.available ? 'available  ' : 'unavailable'} ${description}${p.available ? '' : `\n${' '.repeat(15)}reason: ${p.reason}`}`);
  }
  return 0;
}
