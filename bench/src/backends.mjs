import { createModuleBackend } from '@seq2seq-losses/conformance';
import { backendIds, createBackendById, describeError } from '@seq2seq-losses/spec';

/**
 * Starts the catalog backends (all, or the ids asked for); one that cannot start is reported
 * with its reason instead. reference-cpu is always started: it checks every result.
 * Modules written elsewhere (--module) are started too and timed under their backend's name.
 * @param {readonly string[]} ids the --backend list ('pytorch' is not started here); empty: every catalog id
 * @param {readonly string[]} [modules] the --module list: paths or package names exporting createBackend()
 */
export async function startBackends(ids, modules = []) {
  const known = backendIds('node');
  const unknown = ids.filter((id) => !known.includes(id) && id !== 'pytorch');
  if (unknown.length) throw new Error(`unknown backend ${unknown.join(', ')}; known: ${known.join(', ')}, pytorch`);
  const wanted = ids.length ? known.filter((id) => ids.includes(id)) : known;
  /** @type {Map<string, import('@seq2seq-losses/spec').CtcBackend>} */
  const started = new Map();
  /** @type {Array<{ id: string, available: boolean, reason?: string, info?: object, precision?: string, module?: string }>} */
  const report = [];
  for (const id of new Set(['reference-cpu', ...wanted])) {
    try {
      const backend = await createBackendById(id);
      started.set(id, backend);
      report.push({ id, available: true, precision: backend.capabilities.precision, info: backend.info });
    } catch (error) {
      report.push({ id, available: false, reason: describeError(error).split('\n')[0] });
    }
  }
  for (const specifier of modules) {
    try {
      const backend = await createModuleBackend(specifier);
      const id = started.has(backend.name) || known.includes(backend.name) ? `${backend.name} (${specifier})` : backend.name;
      started.set(id, backend);
      wanted.push(id);
      report.push({ id, available: true, precision: backend.capabilities.precision, info: backend.info, module: specifier });
    } catch (error) {
      report.push({ id: specifier, available: false, reason: describeError(error).split('\n')[0] });
    }
  }
  const reference = started.get('reference-cpu');
  if (!reference) {
    throw new Error(`reference-cpu cannot start, and every result is checked against it: ${report[0].reason} (run npm run build)`);
  }
  const timed = new Map([...started].filter(([id]) => wanted.includes(id)));
  const dispose = async () => {
    for (const b of started.values()) await b.dispose();
  };
  return { reference, timed, report, dispose };
}
