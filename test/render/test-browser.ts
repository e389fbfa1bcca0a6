/**
 * The browser the tests use is the one the product would use: `findBrowser` (PUPPETEER_EXECUTABLE_PATH,
 * then puppeteer's cache, then the usual system paths), never a hard-coded path. Tests that need a
 * browser skip only when the product itself would find none (it would then fail with
 * render/browser-missing, which test/render/browser.test.ts covers on its own).
 */
import { findBrowser } from "../../src/render/browser.js";

const found = findBrowser({ env: process.env });

/** Absolute path of Chrome or Chromium, or undefined when the product would find none. */
export const BROWSER: string | undefined = found.path;

/** For `describe.skipIf(NO_BROWSER)`: true when findBrowser found nothing (looked at `BROWSER_TRIED`). */
export const NO_BROWSER = BROWSER === undefined;
export const BROWSER_TRIED: readonly string[] = found.tried;

/** The environment for `openBrowser` that pins the found browser (and nothing else of ours). */
export function browserEnv(): NodeJS.ProcessEnv {
  return BROWSER ? { PUPPETEER_EXECUTABLE_PATH: BROWSER } : {};
}
