// Copies src/wgsl/*.wgsl (the shader sources, the truth) to dist/wgsl/ beside the compiled modules.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';

const src = new URL('../src/wgsl/', import.meta.url);
const dist = new URL('../dist/wgsl/', import.meta.url);
rmSync(dist, { recursive: true, force: true }); // no stale shaders
mkdirSync(dist, { recursive: true });
for (const name of readdirSync(src)) if (name.endsWith('.wgsl')) copyFileSync(new URL(name, src), new URL(name, dist));
