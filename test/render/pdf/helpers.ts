/** Shared helpers for the print tests: poppler tools and a scratch folder outside the repo. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CORPUS } from "../../fixtures/paths.js";
import { BROWSER } from "../test-browser.js";

/** The browser the product finds (undefined when it would find none: the print tests then skip). */
export const CHROMIUM = BROWSER;
export const SEED_DIR = join(import.meta.dirname, "..", "..", "..", "manuscript");
export const TOLSTOY_DIR = `${CORPUS}/how-much-land-does-a-man-need`;
export const MANIFESTO_DIR = `${CORPUS}/communist-manifesto`;

export function tool(cmd: string, args: string[], input?: Uint8Array): string {
  return execFileSync(cmd, args, { input, maxBuffer: 64 * 1024 * 1024 }).toString();
}

/** Writes bytes to a scratch folder (outside the repo) and returns the path, for poppler/qpdf. */
export function scratch(name: string, bytes: Uint8Array): string {
  const dir = join("/tmp", "imprint-pdf-tests");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

export function pageText(file: string, page: number): string {
  return tool("pdftotext", ["-f", String(page), "-l", String(page), "-layout", file, "-"]);
}
