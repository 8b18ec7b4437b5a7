import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CtcBackendUnavailableError, describeError, type CtcBackend, type PartialCtcBackend } from '@seq2seq-losses/spec';

/** What a module given to `--module` must export. */
export interface CtcBackendModule {
  createBackend(options?: unknown): Promise<PartialCtcBackend>;
}

/** A path (starts with '.', '/' or names a .js/.mjs file) rather than a package name. */
function isPath(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier) || /\.(c|m)?js$/.test(specifier);
}

/**
 * Imports a backend module written elsewhere: a file path (relative to `cwd`) or a package name
 * (resolved from `cwd`'s node_modules first, then from this package). It must export
 * `createBackend(options?)`. Throws CtcBackendUnavailableError saying what is wrong.
 */
export async function loadBackendModule(specifier: string, cwd: string = process.cwd()): Promise<CtcBackendModule> {
  let mod: Partial<CtcBackendModule>;
  try {
    mod = await import(/* @vite-ignore */ resolveSpecifier(specifier, cwd));
  } catch (error) {
    throw new CtcBackendUnavailableError(specifier, `cannot import the module (${describeError(error)})`, { cause: error });
  }
  if (typeof mod.createBackend !== 'function') {
    throw new CtcBackendUnavailableError(specifier, 'the module does not export createBackend(options?)');
  }
  return mod as CtcBackendModule;
}

function resolveSpecifier(specifier: string, cwd: string): string {
  if (isPath(specifier)) return pathToFileURL(resolve(cwd, specifier)).href;
  try {
    // A package installed in the caller's project (ESM-only packages resolve through their 'default'
    // or 'import' condition; where require-resolution fails, this package's own resolution is used).
    return pathToFileURL(createRequire(resolve(cwd, 'package.json')).resolve(specifier)).href;
  } catch {
    return specifier;
  }
}

/**
 * Starts a backend from a module: `createBackend(options)`, checked to look like a backend. The
 * suite and the bench call only the methods its capabilities declare, so a PartialCtcBackend is
 * returned as a CtcBackend.
 */
export async function createModuleBackend(specifier: string, options?: unknown, cwd?: string): Promise<CtcBackend> {
  const mod = await loadBackendModule(specifier, cwd);
  const backend = await mod.createBackend(options);
  const missing = (['name', 'capabilities', 'loss', 'lossAndGradient', 'dispose'] as const).filter((k) => backend?.[k] === undefined);
  if (missing.length > 0) {
    throw new CtcBackendUnavailableError(specifier, `createBackend() returned an object without ${missing.join(', ')}`);
  }
  return backend as CtcBackend;
}
