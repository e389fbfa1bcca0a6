/**
 * Data `npm run compile` wrote beside the compiled code (lib/load/language-subtags.json,
 * lib/render/built-in-yaml.json, lib/render/date-formats.json), read once per process. PATH is
 * relative to lib/: this module is as deep in lib/ as the bundle is in lib/bundle/, so one
 * address serves both. Undefined when the file is missing (tests run from src/) or unreadable.
 */
import { readFileSync } from "node:fs";

const read = new Map<string, unknown>();

export function compiledJson<T>(path: string): T | undefined {
  if (!read.has(path)) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), "utf8"));
    } catch {
      value = undefined;
    }
    read.set(path, value);
  }
  return read.get(path) as T | undefined;
}
