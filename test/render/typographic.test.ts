/** Typographic quotes for metadata strings: what metadata.yaml's straight marks become on the page. */
import { describe, expect, it } from "vitest";
import { typographic, typographicMetadata } from "../../src/render/typographic.js";
import { seedBook } from "../helpers/books.js";

describe("typographic", () => {
  it.each([
    ["the opposition's plan and Maduro's perspective", "the opposition’s plan and Maduro’s perspective"],
    [`"Yes," she said`, "“Yes,” she said"],
    [`He said 'hi' to me`, "He said ‘hi’ to me"],
    ["the students' books", "the students’ books"],
    ["the '90s", "the ’90s"],
    [`O'Brien's "Best" (2024)`, "O’Brien’s “Best” (2024)"],
    [`("quoted")`, "(“quoted”)"],
  ])("%s → %s", (input, output) => {
    expect(typographic(input)).toBe(output);
  });

  it("leaves curly quotes, text without quotes and URLs as they are", () => {
    expect(typographic("“Already” curly’s")).toBe("“Already” curly’s");
    expect(typographic("No quotes at all")).toBe("No quotes at all");
    expect(typographic("https://example.org/a'b")).toBe("https://example.org/a'b");
  });

  it("makes the display strings of metadata typographic, and nothing else", async () => {
    const book = await seedBook({ metadata: { title: "The Poet's Book", subtitle: `A "quoted" subtitle`, publisher: "Ann's Press", authors: [{ name: "Ann O'Neil" }] } });
    const m = typographicMetadata(book.metadata);
    expect([m.title, m.subtitle, m.publisher, m.authors[0]!.name]).toEqual(["The Poet’s Book", "A “quoted” subtitle", "Ann’s Press", "Ann O’Neil"]);
    expect(m.identifier).toEqual(book.metadata.identifier);
    expect(m.slug).toBe(book.metadata.slug);
    // The original is not changed.
    expect(book.metadata.title).toBe("The Poet's Book");
  });
});

describe("metadata on the editions' pages", () => {
  it("every edition's title page shows the same typographic title; the EPUB's dc:title keeps it as typed", async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { execFileSync } = await import("node:child_process");
    const JSZip = (await import("jszip")).default;
    const { build } = await import("../../src/build.js");
    const dir = mkdtempSync(join(tmpdir(), "imprint-typographic-"));
    writeFileSync(join(dir, "metadata.yaml"), `title: "Don't \\"Panic\\""\nauthors: ["Ann O'Neil"]\nlanguage: en\n`);
    writeFileSync(join(dir, "01.md"), "# One\n\nText.\n");
    const out = join(dir, "out");
    const report = await build({ dir, out, cwd: dir, checks: "none" });
    expect(report.ok).toBe(true);
    const shown = "Don’t “Panic”";
    const pdf = execFileSync("pdftotext", ["-l", "1", join(out, `${report.slug}.pdf`), "-"]).toString();
    expect(pdf).toContain(shown);
    expect(pdf).toContain("Ann O’Neil");
    const html = readFileSync(join(out, `${report.slug}.html`), "utf8");
    expect(html).toMatch(new RegExp(`<h1 class="title"[^>]*>${shown}</h1>`));
    const epub = await JSZip.loadAsync(readFileSync(join(out, `${report.slug}.epub`)));
    expect(await epub.file("EPUB/title-page.xhtml")?.async("string")).toMatch(new RegExp(`<h1 class="title"[^>]*>${shown}</h1>`));
    expect(await epub.file("EPUB/package.opf")?.async("string")).toContain(`<dc:title id="title">Don&#39;t &#34;Panic&#34;</dc:title>`);
  }, 60_000);
});
