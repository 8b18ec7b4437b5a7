import type { CtcBackend } from '../backend.js';
import { CtcBackendUnavailableError, describeError } from '../errors.js';
import { resolveBackend } from '../resolve-backend.js';
import { BACKEND_CATALOG, backendEntry } from './catalog.js';
import { defaultBackendOrder, detectEnvironment, type CtcEnvironment } from './environment.js';

/** A backend package's module, as far as picking needs it. */
export interface CtcBackendPackage {
  createBackend(options?: unknown): Promise<CtcBackend>;
}

/**
 * How packages are loaded: a function of the package name, or a map from package name to a loader.
 * The default imports the package by name at run time, which works in Node; a bundled browser app
 * gives literal imports instead, so its bundler sees them:
 *   { '@seq2seq-losses/backend-cpu': () => import('@seq2seq-losses/backend-cpu') }
 */
export type CtcPackageLoader =
  | ((packageName: string) => Promise<CtcBackendPackage>)
  | Readonly<Record<string, () => Promise<CtcBackendPackage>>>;

const importByName = (name: string): Promise<CtcBackendPackage> => import(/* @vite-ignore */ /* webpackIgnore: true */ name);

function loaderFor(load: CtcPackageLoader | undefined, packageName: string): () => Promise<CtcBackendPackage> {
  if (load === undefined) return () => importByName(packageName);
  if (typeof load === 'function') return () => load(packageName);
  const entry = load[packageName];
  if (!entry) return () => Promise.reject(new Error(`no loader given for ${packageName}`));
  return entry;
}

/**
 * Starts a backend by catalog id (e.g. 'cpu', 'onnx-f64'), with the catalog's options merged under
 * `options`. Throws CtcBackendUnavailableError naming the id and why: an unknown id (the known ones
 * are listed), a package that is not installed (with the npm command), or the backend's own reason.
 */
export async function createBackendById(id: string, options: { load?: CtcPackageLoader; options?: Readonly<Record<string, unknown>> } = {}): Promise<CtcBackend> {
  const entry = backendEntry(id);
  if (!entry) throw new CtcBackendUnavailableError(id, `unknown backend id; known ids: ${BACKEND_CATALOG.map((e) => e.id).join(', ')}`);
  let mod: CtcBackendPackage;
  try {
    mod = await loaderFor(options.load, entry.packageName)();
  } catch (error) {
    throw new CtcBackendUnavailableError(id, `package ${entry.packageName} could not be loaded (npm install ${entry.packageName}): ${describeError(error)}`, { cause: error });
  }
  if (typeof mod?.createBackend !== 'function') {
    throw new CtcBackendUnavailableError(id, `package ${entry.packageName} does not export createBackend`);
  }
  return mod.createBackend({ ...entry.options, ...options.options });
}

export interface PickBackendOptions {
  /** Ids to try, in order; default: defaultBackendOrder(environment). */
  readonly ids?: readonly string[];
  /** Default: detectEnvironment() (probes navigator.gpu where it exists). */
  readonly environment?: CtcEnvironment;
  readonly load?: CtcPackageLoader;
}

/**
 * The backend for this environment: tries `ids` (default: the environment's default order) and
 * returns the first that starts. When none does, throws one CtcBackendUnavailableError listing every
 * id with its cause.
 *
 *   const ctc = await pickBackend();                         // Node: cpu, else tfjs-wasm, onnx, reference-cpu
 *   const gpu = await pickBackend({ ids: ['webgpu', 'cpu'] });
 */
export async function pickBackend(options: PickBackendOptions = {}): Promise<CtcBackend> {
  const ids = options.ids ?? defaultBackendOrder(options.environment ?? (await detectEnvironment()));
  return resolveBackend(ids.map((id) => ({ name: id, create: () => createBackendById(id, { load: options.load }) })));
}
