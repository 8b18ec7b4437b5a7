import { WGSL_SOURCES } from './wgsl/sources.generated.js';

/** The text of `src/wgsl/<name>.wgsl`, embedded at build time (scripts/embed-wgsl.mjs). */
export function shaderSource(name: string): string {
  const text = WGSL_SOURCES[name];
  if (text === undefined) throw new Error(`webgpu: no WGSL shader named '${name}' (src/wgsl/${name}.wgsl)`);
  return text;
}
