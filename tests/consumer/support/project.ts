import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURE = fileURLToPath(new URL('../fixture/', import.meta.url));

/** The published packages, by folder under packages/. */
export const PUBLISHED = ['spec', 'reference-cpu', 'backend-cpu', 'backend-tfjs', 'backend-webgpu', 'backend-onnx', 'decode', 'conformance'] as const;
export type Published = (typeof PUBLISHED)[number];

const quiet = { stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'], encoding: 'utf8' as const };

/** A folder outside the repository (os.tmpdir()), removed by the caller. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `seq2seq-losses-${prefix}-`));
}

/** `npm pack`s every published package (built dist/ needed) into `dir`; returns tarball paths by package. */
export function packAll(dir: string): Record<Published, string> {
  mkdirSync(dir, { recursive: true });
  const out = {} as Record<Published, string>;
  for (const pkg of PUBLISHED) {
    const before = new Set(readdirSync(dir));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { ...quiet, cwd: join(REPO, 'packages', pkg) });
    const added = readdirSync(dir).filter((f) => !before.has(f));
    if (added.length !== 1) throw new Error(`npm pack of ${pkg} made ${added.length} files`);
    out[pkg] = join(dir, added[0]);
  }
  return out;
}

/**
 * A fresh ESM project in `dir` with the files of `from` (default: the fixture, with a bare
 * package.json), that `npm install`s `specs` (tarball paths and registry `name@version`s; nothing
 * from the workspace) without devDependencies. Uses the machine's npm cache.
 */
export function installProject(dir: string, specs: readonly string[], from?: string): void {
  mkdirSync(dir, { recursive: true });
  if (from === undefined) writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  cpSync(from ?? FIXTURE, dir, { recursive: true });
  try {
    const args = ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs];
    execFileSync('npm', args, { ...quiet, cwd: dir, timeout: 300_000 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`npm install in ${dir} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}`, { cause: error });
  }
}

/** Runs `node script` in `dir`, returns the JSON its stdout ends with. */
export function runNodeJson(dir: string, script: string): Record<string, unknown> {
  const stdout = execFileSync(process.execPath, [script], { ...quiet, cwd: dir, timeout: 120_000 });
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Record<string, unknown>;
}

/** The workspace's own tool binaries (tsc, ...), used to build the consumer without adding them to it. */
export const bin = (name: string) => join(REPO, 'node_modules', '.bin', name);
