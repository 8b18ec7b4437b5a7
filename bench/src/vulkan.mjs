import { spawn } from 'node:child_process';

/**
 * backend-webgpu in Node needs a Vulkan driver; without a GPU that is Mesa lavapipe (installed by
 * packages/backend-webgpu/scripts/install-vulkan-driver.sh) or Chromium's SwiftShader. That package's
 * vulkan-env.mjs finds it; LD_LIBRARY_PATH only counts at process start, so when the driver needs
 * variables this process lacks, the CLI runs itself again with them and returns its exit code.
 * @returns {Promise<number | null>} the child's exit code, or null when this process can go on
 */
export async function rerunWithVulkanDriver() {
  if (process.env.CTC_BENCH_VULKAN) return null;
  let found = null;
  try {
    const mod = await import(new URL('../../packages/backend-webgpu/scripts/vulkan-env.mjs', import.meta.url).href);
    found = mod.findVulkanDriver();
  } catch {
    return null; // no backend-webgpu checkout: the webgpu backend reports itself unavailable
  }
  if (!found || Object.keys(found.env).length === 0) return null;
  const env = { ...process.env, ...found.env, CTC_BENCH_VULKAN: found.driver };
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}
