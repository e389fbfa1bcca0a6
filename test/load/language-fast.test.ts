import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain .mjs script, run by `npm run compile`
import { languageSubtags } from "../../scripts/language-subtags.mjs";
import { quicklyRegistered, subtagSets, type LanguageSubtags } from "../../src/load/language-fast.js";

const tags = createRequire(import.meta.url)("language-tags") as (tag: string) => { errors(): Array<{ code: number }> };
// language-tags' SUPPRESS_SCRIPT (en-Latn): redundant, not wrong, as metadata.ts takes it.
const registered = (tag: string): boolean => tags(tag).errors().filter((e) => e.code !== 10).length === 0;
const data = languageSubtags() as LanguageSubtags;
const sets = subtagSets(data);

describe("the quick language-tag answer agrees with language-tags", () => {
  it("accepts the usual tags, so builds skip language-tags' registry", () => {
    for (const tag of ["en", "en-GB", "es-419", "zh-Hant", "zh-Hans-CN", "sr-Latn-RS", "ar", "fa", "he", "yue", "pt-BR"]) expect(quicklyRegistered({ tag, sets }), tag).toBe(true);
  });

  it("leaves deprecated, unknown, misplaced and non-canonical tags to language-tags", () => {
    for (const tag of ["iw", "in", "mo", "sgn-BR", "en-BU", "zz", "english", "en-ZZZ", "xx-GB", "en-GB-GB", "EN-gb", "de-DE-1996", "en-Latn-GB-x-private", "Latn", "419"]) expect(quicklyRegistered({ tag, sets }), tag).toBeUndefined();
  });

  it("never calls a tag registered that language-tags refuses (every language, and with scripts and regions)", () => {
    const languages = data.languages.split(" ");
    const scripts = data.scripts.split(" ").map((s) => s[0]!.toUpperCase() + s.slice(1));
    const regions = data.regions.split(" ").map((r) => r.toUpperCase());
    const deprecated = ["iw", "in", "ji", "jw", "mo", "aam", "BU", "DD", "FX", "TP", "YU", "ZR", "Qaai"];
    const candidates = [
      ...languages,
      ...deprecated,
      ...languages.filter((_, i) => i % 40 === 0).flatMap((l) => [...regions.filter((_, i) => i % 7 === 0), ...deprecated.filter((d) => d.length === 2 && d === d.toUpperCase())].map((r) => `${l}-${r}`)),
      ...languages.filter((_, i) => i % 200 === 0).flatMap((l) => [...scripts.filter((_, i) => i % 9 === 0), "Qaai"].map((s) => `${l}-${s}-US`)),
    ];
    let accepted = 0;
    for (const tag of candidates) {
      if (quicklyRegistered({ tag, sets })) {
        accepted++;
        expect(registered(tag), tag).toBe(true);
      }
    }
    // The comparison compared something: most candidates are well-formed registered tags.
    expect(accepted).toBeGreaterThan(8000);
  });
});

describe("the compiled CLI", () => {
  it("has the registry digest beside its metadata check (npm run compile writes it)", async () => {
    const lib = new URL("../../lib/load/language-fast.js", import.meta.url).href;
    const { registeredTagQuickly } = (await import(/* @vite-ignore */ lib)) as typeof import("../../src/load/language-fast.js");
    expect(registeredTagQuickly("en-GB")).toBe(true);
    expect(registeredTagQuickly("iw")).toBeUndefined();
  });
});
