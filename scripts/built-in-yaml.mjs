// The built-in YAML templates (labels.yaml, design.yaml) parsed once at `npm run compile`, into
// lib/render/built-in-yaml.json, which src/render/built-in-yaml.ts reads. The yaml package
// takes ~60 ms of every build's main thread to parse the 19 KB labels.yaml with V8's optimiser
// off (src/optimiser.ts); JSON.parse of the same data takes well under 1 ms. Each entry keeps the
// text it was parsed from, so an edited templates/ file is parsed afresh, never served stale.
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

export const BUILT_IN_YAML = ["labels.yaml", "design.yaml"];

export function writeBuiltInYaml({ templates = "templates", out = "lib/render/built-in-yaml.json" } = {}) {
  const entries = {};
  for (const name of BUILT_IN_YAML) {
    const text = readFileSync(`${templates}/${name}`, "utf8");
    entries[name] = { text, value: parse(text) };
  }
  writeFileSync(out, JSON.stringify(entries));
  return entries;
}
