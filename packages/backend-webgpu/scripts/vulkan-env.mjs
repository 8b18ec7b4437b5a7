// Finds the software Vulkan driver that scripts/install-vulkan-driver.sh installs (Mesa lavapipe in
// $VULKAN_DRIVER_DIR or ~/.cache/seq2seq-losses/lavapipe), else Debian chromium's SwiftShader, and
// returns the environment variables that select it. An already set VK_ICD_FILENAMES wins.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** @returns {{ env: Record<string, string>, driver: string } | null} */
export function findVulkanDriver(env = process.env) {
  if (env.VK_ICD_FILENAMES) return { env: {}, driver: `VK_ICD_FILENAMES=${env.VK_ICD_FILENAMES}` };
  const dir = env.VULKAN_DRIVER_DIR ?? join(homedir(), '.cache', 'seq2seq-losses', 'lavapipe');
  const lavapipe = join(dir, 'lvp_icd.json');
  if (existsSync(lavapipe)) {
    const lib = join(dir, 'root', 'usr', 'lib', 'x86_64-linux-gnu');
    const ld = env.LD_LIBRARY_PATH ? `${lib}:${env.LD_LIBRARY_PATH}` : lib;
    return { env: { VK_ICD_FILENAMES: lavapipe, LD_LIBRARY_PATH: ld }, driver: `lavapipe (${lavapipe})` };
  }
  if (existsSync(SWIFTSHADER_ICD)) return { env: { VK_ICD_FILENAMES: SWIFTSHADER_ICD }, driver: 'swiftshader' };
  return null;
}

/** Sets the driver's variables in this process (children started afterwards inherit them). */
export function useVulkanDriver() {
  const found = findVulkanDriver();
  if (found) Object.assign(process.env, found.env);
  return found;
}
