import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import sirv from 'sirv';

/** A folder's files as they are. */
type FolderRoute = string;
/** A folder whose .js files are rewritten on the way (e.g. a bare import to a URL, as a bundler would). */
interface RewriteRoute {
  dir: string;
  rewrite: (source: string) => string;
}
/** One HTML page at exactly this path. */
interface PageRoute {
  html: string;
}
export type StaticRoute = FolderRoute | RewriteRoute | PageRoute;

export interface ServeStaticOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Extra headers for a request path, e.g. `() => CROSS_ORIGIN_ISOLATION`. */
  headers?: (path: string) => Record<string, string>;
}

export interface StaticServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

/** COOP + COEP: the page is cross-origin isolated, so SharedArrayBuffer (and worker pools) work. */
export const CROSS_ORIGIN_ISOLATION: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

type Handler = (req: IncomingMessage, res: ServerResponse, notFound: () => void) => void;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

/**
 * A static server on 127.0.0.1 only (navigator.gpu needs a secure context: localhost is one).
 * `root` (or null) is served at `/`; `routes` maps `/prefix/` to a folder or a rewritten folder,
 * and an exact path to a page. Folders are served by sirv in production mode: only the files
 * present at start are served, so `/../package.json` and the like are 404s. Throws when a folder
 * is missing (a package not built yet).
 */
export async function serveStatic(root: string | null, routes: Record<string, StaticRoute> = {}, options: ServeStaticOptions = {}): Promise<StaticServer> {
  const pages = new Map<string, string>();
  const mounts: [prefix: string, handler: Handler][] = [];
  for (const [path, route] of Object.entries(routes)) {
    if (typeof route === 'object' && 'html' in route) {
      pages.set(path, route.html);
      continue;
    }
    if (!path.startsWith('/') || !path.endsWith('/')) throw new Error(`serveStatic: a folder's route must look like /name/, got ${path}`);
    mounts.push([path, typeof route === 'string' ? folderHandler(route, path) : rewriteHandler(route, path)]);
  }
  mounts.sort((a, b) => b[0].length - a[0].length); // the longest prefix wins
  if (root !== null) mounts.push(['/', folderHandler(root, '/')]);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    for (const [name, value] of Object.entries(options.headers?.(path) ?? {})) res.setHeader(name, value);
    const notFound = () => void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    const page = pages.get(path);
    if (page !== undefined) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    const mount = mounts.find(([prefix]) => path.startsWith(prefix));
    if (!mount) return notFound();
    req.url = (req.url ?? '/').slice(mount[0].length - 1); // '/prefix/a.js?x' -> '/a.js?x'
    mount[1](req, res, notFound);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function requireFolder(dir: string, prefix: string): void {
  if (!existsSync(dir)) throw new Error(`${dir} (served at ${prefix}) is missing: run \`npm run build\` first`);
}

function folderHandler(dir: string, prefix: string): Handler {
  requireFolder(dir, prefix);
  const serve = sirv(dir, { dev: false, etag: true });
  return (req, res, notFound) => serve(req, res, notFound);
}

/** Like a folder route (only the files listed at start), with each .js file passed through `rewrite`. */
function rewriteHandler(route: RewriteRoute, prefix: string): Handler {
  requireFolder(route.dir, prefix);
  const files = new Set(readdirSync(route.dir, { recursive: true, encoding: 'utf8' }).map((f) => f.split('\\').join('/')));
  return (req, res, notFound) => {
    let name: string;
    try {
      name = decodeURIComponent((req.url ?? '/').split('?')[0]).slice(1);
    } catch {
      return notFound();
    }
    if (!files.has(name)) return notFound();
    const ext = extname(name);
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(route.dir, name));
    } catch {
      return notFound(); // a folder
    }
    const body = ext === '.js' || ext === '.mjs' ? route.rewrite(bytes.toString('utf8')) : bytes;
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream' }).end(body);
  };
}
