import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's chromium (docs/platform.md); CHROMIUM_PATH overrides it. Never a browser a tool downloaded. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * docs/platform.md's launch flags: headless, no sandbox (containers), WebGPU on (navigator.gpu, software
 * adapter without a GPU), nothing that reaches the network, a fresh profile.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** WebGL on SwiftShader (ANGLE), for tfjs's webgl backend on a machine without a GPU. */
export const SWIFTSHADER_WEBGL_FLAGS: readonly string[] = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

export interface LaunchOptions {
  /** Flags added to CHROMIUM_FLAGS, e.g. SWIFTSHADER_WEBGL_FLAGS. */
  args?: readonly string[];
  /** Who needs the browser, for the error message ("the backend-cpu browser test"). */
  purpose?: string;
  /** The executable; default CHROMIUM_PATH or /usr/bin/chromium. */
  executablePath?: string;
}

/**
 * Launches headless Chromium with playwright-core. Throws with the
 * install command when the executable or playwright-core is missing: a test needing it fails
 * with that message rather than skipping.
 */
export async function launchHeadlessChromium(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  const purpose = options.purpose ?? 'this browser test';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: ${purpose} needs Debian's chromium ` +
        '(`apt-get install -y --no-install-recommends chromium`), or set CHROMIUM_PATH',
    );
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    throw new Error(`${purpose} needs the npm package playwright-core (a dependency of @seq2seq-losses/browser-harness): ${String(error)}`);
  }
  return playwright.chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS, ...(options.args ?? [])] });
}
