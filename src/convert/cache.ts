/**
 * A store of converted fragments keyed by everything that decides them (the Markdown, its path,
 * the pandoc backend and version, its reader and options, imprint's version). The build looks a file up before running
 * pandoc; `preview` keeps one in memory between rebuilds, `packet` keeps one on disk.
 */
import { createHash } from "node:crypto";
import type { Diagnostic } from "../diagnostics.js";
import { VERSION } from "../version.js";
import { MARKDOWN_ARGS, MARKDOWN_FROM } from "./args.js";
import type { Fragment } from "./types.js";

export interface CachedConversion {
  fragment: Fragment | undefined;
  diagnostics: Diagnostic[];
}

export interface FragmentCache {
  get(key: string): Promise<CachedConversion | undefined> | CachedConversion | undefined;
  set(key: string, value: CachedConversion): Promise<void> | void;
}

/** Raised when what convert makes of the same Markdown changes between releases (2: links' lines). */
const FRAGMENT_FORMAT = 4;

export function fragmentKey({ markdown, sourceFile, backend, version }: { markdown: string; sourceFile: string; backend: string; version: string }): string {
  return createHash("sha256").update(JSON.stringify(["imprint", VERSION, FRAGMENT_FORMAT, backend, version, MARKDOWN_FROM, MARKDOWN_ARGS, sourceFile, markdown])).digest("hex");
}

/** The in-memory cache (one process, e.g. a preview session). */
export function memoryFragmentCache(): FragmentCache & { size(): number } {
  const map = new Map<string, CachedConversion>();
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), size: () => map.size };
}
