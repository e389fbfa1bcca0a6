/**
 * The words around the text come from templates/labels.yaml in the book's language, a
 * manuscript's own labels.yaml overrides single keys, and dates are written the language's way.
 */
import { describe, expect, it } from "vitest";
import { renderEpub } from "../../src/render/epub/index.js";
import { renderHtml } from "../../src/render/html/index.js";
import { formatDate, labelsFor } from "../../src/render/labels.js";
import { createTemplates } from "../../src/render/templates.js";
import { BOOKS_DIR, fixtureBook } from "../helpers/books.js";
import JSZip from "jszip";
import { parse } from "yaml";
import { join } from "node:path";

describe("labels", () => {
  it("a Spanish book's editions speak Spanish, with the manuscript's own override", async () => {
    const { book, templates } = await fixtureBook(join(BOOKS_DIR, "spanish"));
    const html = new TextDecoder().decode((await renderHtml({ book, templates })).artifacts[0]!.bytes);
    expect(html).toContain(">Índice</h2>");
    expect(html).toContain(">Nota de la redacción</");
    expect(html).toContain("Traducción de <span class=\"contributor\">John Catalinotto</span>");
    expect(html).toContain("Publicado por Workers World");
    expect(html).toContain('<time datetime="2024-07-31">31 de julio de 2024</time>');
    expect(html).not.toMatch(/>(Contents|Editorial note|Notes|Published by)</);
    const epub = await JSZip.loadAsync((await renderEpub({ book, templates })).artifacts[0]!.bytes);
    const nav = (await epub.file("EPUB/nav.xhtml")?.async("string")) ?? "";
    expect(nav).toContain(">Índice</h1>");
    expect(nav).toContain('epub:type="bodymatter" href="s1.xhtml">Comienzo del texto</a>');
  });

  it("every catalogued language gives every English key and role itself; unknown languages get English", () => {
    const templates = createTemplates();
    const meta = (language: string) => ({ language, title: "T" }) as Parameters<typeof labelsFor>[0]["metadata"];
    // The catalogue's own blocks, not labelsFor's merge (which fills any gap with English).
    const catalogue = parse(templates.builtInText("labels.yaml") ?? "") as Record<string, Record<string, unknown> & { roles: Record<string, string> }>;
    const en = catalogue.en!;
    const languages = Object.keys(catalogue).filter((l) => l !== "en");
    expect(languages).toEqual(expect.arrayContaining(["es", "fr", "de", "it", "pt", "ar", "he", "fa", "ru", "uk", "zh", "ja", "ko"]));
    for (const lang of languages) {
      const own = catalogue[lang]!;
      expect(Object.keys(own).sort(), lang).toEqual(Object.keys(en).sort());
      expect(Object.keys(own.roles).sort(), `${lang}.roles`).toEqual(Object.keys(en.roles).sort());
      expect(Object.keys(own.landing as object).sort(), `${lang}.landing`).toEqual(Object.keys(en.landing as object).sort());
      for (const [key, value] of Object.entries(own)) if (key !== "roles" && key !== "landing") expect(typeof value === "string" && value.trim() !== "", `${lang}.${key}`).toBe(true);
      expect(labelsFor({ metadata: meta(lang), templates }).contents, lang).toBe(own.contents);
      expect(own.contents, lang).not.toBe(en.contents);
    }
    expect(labelsFor({ metadata: meta("zh-Hant"), templates }).contents).toBe("目錄");
    expect(labelsFor({ metadata: meta("zh-TW"), templates }).roles).toMatchObject({ translator: "譯者" });
    expect(labelsFor({ metadata: meta("zh-CN"), templates }).contents).toBe("目录");
    expect(labelsFor({ metadata: meta("sw"), templates }).contents).toBe("Contents");
  });

  it("dates are written per language, in UTC, whatever the machine's time zone", () => {
    expect(formatDate({ date: "2024-07-31", language: "en" })).toBe("July 31, 2024");
    expect(formatDate({ date: "2024-07-31", language: "en-GB" })).toBe("31 July 2024");
    expect(formatDate({ date: "2024-07", language: "de" })).toBe("Juli 2024");
    expect(formatDate({ date: "1848", language: "fr" })).toBe("1848");
  });
});
