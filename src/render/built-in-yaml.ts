/**
 * The built-in YAML templates as `npm run compile` parsed them (scripts/built-in-yaml.mjs writes
 * lib/render/built-in-yaml.json; the bundle in lib/bundle/ is as deep as lib/render/). Parsing
 * labels.yaml with the yaml package costs ~60 ms of a build's main thread; reading it back as
 * JSON, well under 1. A value is given only for the very text it was parsed from.
 */
import { compiledJson } from "./compiled-json.js";

type Digest = Record<string, { text: string; value: unknown }>;

/** The parsed value of built-in template NAME when TEXT is what was compiled; otherwise undefined (parse it). */
export function compiledYaml({ name, text }: { name: string; text: string }): { value: unknown } | undefined {
  const entry = compiledJson<Digest>("render/built-in-yaml.json")?.[name];
  return entry && entry.text === text ? { value: entry.value } : undefined;
}
