import { request } from 'node:http';

export interface RawResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * GET `path` sent exactly as written (no client-side normalisation of '..' or '%2e', unlike fetch),
 * to test a static server's 404s; `host` defaults to 127.0.0.1.
 */
export function rawGet(port: number | string, path: string, host = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The paths among `paths` that the server on `port` does not refuse: any answer but a 404, or a
 * body that contains `secret` (a file outside the served folders). `[]` when all are refused.
 */
export async function pathsNotRefused(port: number | string, paths: readonly string[], secret: string): Promise<string[]> {
  const answers = await Promise.all(paths.map((path) => rawGet(port, path)));
  return paths.filter((_, i) => answers[i].status !== 404 || answers[i].body.includes(secret));
}
