/**
 * The built-in labels.yaml and design.yaml reach a build as `npm run compile` parsed them
 * (lib/render/built-in-yaml.json), and only while the text is the one that was parsed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

describe("compiled built-in YAML", () => {
  it("is the yaml package's own reading of each file, and is refused for any other text", async () => {
    // The compiled JavaScript (npm test compiles first): it reads lib/render/built-in-yaml.json.
    const lib = (await import("../../lib/render/built-in-yaml.js")) as typeof import("../../src/render/built-in-yaml.js");
    for (const name of ["labels.yaml", "design.yaml"]) {
      const text = readFileSync(new URL(`../../templates/${name}`, import.meta.url), "utf8");
      const compiled = lib.compiledYaml({ name, text });
      expect(compiled, name).toBeDefined();
      expect(compiled!.value, name).toEqual(parse(text));
      expect(lib.compiledYaml({ name, text: text.replace("Contents", "Table of contents").replace("11pt", "12pt") }), name).toBeUndefined();
    }
    expect(lib.compiledYaml({ name: "print.css", text: "" })).toBeUndefined();
  });
});
