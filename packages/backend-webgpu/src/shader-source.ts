const cache = new Map<string, Promise<string>>();

/**
 * The text of `wgsl/<name>.wgsl` beside this module (src/ in tests, dist/ once built: the build
 * copies the .wgsl files). Node reads the file; browsers fetch it relative to the module's URL.
 */
export function loadShader(name: string): Promise<string> {
  let text = cache.get(name);
  if (!text) {
    text = readShader(new URL(`./wgsl/${name}.wgsl`, import.meta.url));
    cache.set(name, text);
    text.catch(() => cache.delete(name));
  }
  return text;
}

async function readShader(url: URL): Promise<string> {
  if (url.protocol === 'file:') {
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
    return fs.readFile(url, 'utf8');
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load WGSL shader ${url.href}: HTTP ${response.status}`);
  return response.text();
}
