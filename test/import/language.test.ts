import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { importManuscript } from "../../src/import/index.js";
import { detectLanguage } from "../../src/import/language.js";
import { UDHR_1 } from "../fixtures/import-plain/udhr.js";
import { SEED_TEXT } from "../fixtures/paths.js";


describe("detectLanguage", () => {
  it.each(Object.entries(UDHR_1))("UDHR article 1 in %s", (language, text) => {
    expect(detectLanguage({ text })).toEqual({ language, confident: true });
  });

  it.each(["es", "de", "pt", "fr"])("a long %s text too (franc's scores draw together on long samples)", (language) => {
    expect(detectLanguage({ text: Array.from({ length: 12 }, () => UDHR_1[language]).join("\n") })).toEqual({ language, confident: true });
  });

  it("Catalan, which franc-min does not know, is not mistaken for Spanish", () => {
    const ca = "Tots els éssers humans neixen lliures i iguals en dignitat i en drets. Són dotats de raó i de consciència, i han de comportar-se fraternalment els uns amb els altres.";
    expect(detectLanguage({ text: ca })).toEqual({ language: "en", confident: false });
  });

  it("the seed article is English, confidently", () => {
    expect(detectLanguage({ text: readFileSync(SEED_TEXT, "utf8") })).toEqual({ language: "en", confident: true });
  });

  it("too little text, or Latin text franc cannot place, is en and not confident", () => {
    expect(detectLanguage({ text: "OK" })).toEqual({ language: "en", confident: false });
    expect(detectLanguage({ text: "12345 — 678" })).toEqual({ language: "en", confident: false });
    expect(detectLanguage({ text: "Ciao a tutti, come state?" })).toEqual({ language: "en", confident: false });
  });

  it("shared scripts give a first guess that is not confident", () => {
    expect(detectLanguage({ text: "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。" })).toEqual({ language: "zh", confident: false });
  });
});

describe("plain-text import writes the detected language", () => {
  const temp = (): string => mkdtempSync(join(tmpdir(), "imprint-lang-"));

  it.each(["ar", "he", "vi", "fa"])("a %s article is not labelled en", async (language) => {
    const dir = temp();
    const file = join(dir, "article.txt");
    writeFileSync(file, `${UDHR_1[language]}\n\n${UDHR_1[language]}\n`);
    const result = await importManuscript({ file, outDir: join(dir, "ms") });
    expect(result.diagnostics).toEqual([]);
    const yaml = readFileSync(join(dir, "ms", "metadata.yaml"), "utf8");
    expect((parseYaml(yaml) as { language: string }).language).toBe(language);
    expect(yaml).toMatch(/language: "\w+" # detected from the text: check it/);
  });

  it("--language overrides detection, and an English text keeps en", async () => {
    const dir = temp();
    const file = join(dir, "a.txt");
    writeFileSync(file, `${UDHR_1.ar}\n`);
    await importManuscript({ file, outDir: join(dir, "ms"), language: "ar-EG" });
    expect(readFileSync(join(dir, "ms", "metadata.yaml"), "utf8")).toMatch(/^language: "ar-EG"$/m);
    writeFileSync(join(dir, "b.txt"), `${UDHR_1.en}\n`);
    await importManuscript({ file: join(dir, "b.txt"), outDir: join(dir, "ms-b") });
    expect(readFileSync(join(dir, "ms-b", "metadata.yaml"), "utf8")).toMatch(/^language: "en" # /m);
  });
});
