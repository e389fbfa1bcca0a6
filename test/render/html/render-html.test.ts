/**
 * renderHtml: one self-contained, deterministic file with the book's structure, and metadata an
 * attacker wrote never escaping its context (HTML text, attributes, JSON-LD, CSS).
 */
import { DOMParser } from "@xmldom/xmldom";
import { PLACE_SCRIPT, PLACE_SCRIPT_CSP } from "../../../src/render/html/place-script.js";
import { describe, expect, it } from "vitest";
import type { Book } from "../../../src/model/book.js";
import { renderHtml } from "../../../src/render/html/index.js";
import { createTemplates, readBuiltInTemplates } from "../../../src/render/templates.js";
import { articleBook, chaptersBook, featuresBook, hostileMetadata, seedBook } from "../../helpers/books.js";
import { SEED_TEXT } from "../../fixtures/paths.js";

const templates = createTemplates();

async function render(book: Book): Promise<{ html: string; result: Awaited<ReturnType<typeof renderHtml>> }> {
  const result = await renderHtml({ book, templates });
  expect(result.artifacts).toHaveLength(1);
  return { html: new TextDecoder().decode(result.artifacts[0]?.bytes), result };
}

function attr(html: string, tag: string, name: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\b[^>]*\\s${name}="([^"]*)"`, "g"))) out.push(m[1] ?? "");
  return out;
}

describe("renderHtml", () => {
  it("writes one file named after the slug, as text/html", async () => {
    const { result } = await render(await articleBook());
    expect(result.artifacts[0]?.name).toBe("venezuela-logbook-of-a-new-victory.html");
    expect(result.artifacts[0]?.mediaType).toBe("text/html");
    expect(result.diagnostics).toEqual([]);
  });

  it("has lang and dir, a title page, a labelled editorial note and contents whose links resolve", async () => {
    const { html } = await render(await articleBook());
    expect(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">")).toBe(true);
    expect(html).toContain(`<section class="titlepage" id="titlepage"`);
    expect(html).toMatch(/<section class="editorial-note" id="editorial-note" role="doc-foreword" aria-labelledby="editorial-note-title">\s*<h2 class="editorial-note-title" id="editorial-note-title">Editorial note<\/h2>/);
    const ids = new Set(attr(html, "[a-z0-9]+", "id"));
    const links = attr(html, "a", "href");
    expect(links.length).toBeGreaterThan(4);
    for (const href of links) {
      expect(href.startsWith("#"), href).toBe(true);
      expect(ids.has(href.slice(1)), href).toBe(true);
    }
    const nav = html.slice(html.indexOf(`<nav class="contents"`), html.indexOf("</nav>"));
    // The untitled article's opening, then its level-2 headings beside it.
    expect(attr(nav, "a", "href")).toEqual(["#editorial-note", "#s1", "#s1-interference-of-the-regional-ultraright", "#s1-a-cyberattack"]);
  });

  it("sets the page's language and direction from the metadata, and a section's own language", async () => {
    const book = await articleBook({ metadata: { language: "ar", direction: "rtl", title: "كتاب" } });
    const s = book.sections[0];
    if (!s) throw new Error("fixture");
    // Nothing in a manuscript sets a section's language yet: set it on the loaded Book.
    s.language = "es";
    const { html } = await render(book);
    expect(html).toContain(`<html lang="ar" dir="rtl">`);
    expect(html).toMatch(/<section class="section chapter untitled" id="s1" role="doc-chapter" aria-label="July 31, 2024. The presidential election in Venezuela…" lang="es">/);
    // An untitled section is labelled with its own opening words, never the book's title.
    expect(html).not.toContain(`aria-label="كتاب"`);
    expect(html).not.toContain("xml:lang");
  });

  it("is self-contained: JSON-LD and the place keeper, allowed by its hash alone; no remote or relative resource, fonts and images inlined", async () => {
    const { html } = await render(await articleBook());
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([` type="application/ld+json"`, ""]);
    expect(html).toContain(`<script>${PLACE_SCRIPT}</script>`);
    expect(html).toContain(`script-src ${PLACE_SCRIPT_CSP.replace(/'/g, "&#39;")};`);
    for (const tag of ["img", "link", "source", "video", "audio", "iframe", "object", "embed"]) {
      for (const src of [...attr(html, tag, "src"), ...attr(html, tag, "href")]) expect(src.startsWith("data:"), `${tag} ${src.slice(0, 40)}`).toBe(true);
    }
    expect(html).not.toMatch(/<link\b/);
    const urls = [...html.matchAll(/url\(\s*["']?([^"')]+)/g)].map((m) => m[1] ?? "");
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const u of urls) expect(u.startsWith("data:"), u.slice(0, 40)).toBe(true);
    expect(html).toContain(`src: url("data:font/woff2;base64,`);
    expect(html).toContain(`font-family: "Source Serif 4"`);
    expect(html).toContain(`<img src="data:image/svg+xml;base64,`);
    expect(html).toContain(`default-src 'none'`);
    expect(html).not.toMatch(/@import/);
  });

  it("warns about, and leaves out, a resource that is not in the book", async () => {
    // The loader refuses such a manuscript (convert/missing-asset), so no fixture can carry one:
    // the renderer's own guard is tested on a loaded Book given a block that names them.
    const book = await articleBook();
    const s = book.sections[0];
    if (!s) throw new Error("fixture");
    const images = [{ src: "images/missing.png", alt: "gone" }, { src: "/etc/passwd", alt: "x" }];
    s.blocks.push({ id: "s1-extra", kind: "paragraph", html: `<p id="s1-extra"><img src="images/missing.png" alt="gone" /><img src="/etc/passwd" alt="x" /></p>`, text: "", ids: ["s1-extra"], images, noteRefs: [], sourceFile: s.sourceFile });
    const { html, result } = await render(book);
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ["render/unresolved-resource", s.sourceFile],
      ["render/unresolved-resource", s.sourceFile],
    ]);
    expect(html).not.toContain("missing.png");
    expect(html).not.toContain("/etc/passwd");
  });

  it("embeds only the font subsets the text needs", async () => {
    const latin = (await render(await articleBook())).html;
    // The features manuscript quotes Greek and Russian (and Arabic, Hebrew, Chinese, an emoji).
    const more = (await render(await featuresBook())).html;
    const count = (h: string) => (h.match(/@font-face/g) ?? []).length;
    expect(count(latin)).toBe(4); // the latin subset (it has í and á), four styles
    expect(count(more)).toBeGreaterThan(count(latin));
  });

  it("carries Open Graph and JSON-LD metadata", async () => {
    const { html } = await render(await chaptersBook());
    expect(html).toContain(`<meta property="og:type" content="book" />`);
    expect(html).toContain(`<meta property="book:isbn" content="9780306406157" />`);
    expect(html).toContain(`<meta property="og:locale" content="en_GB" />`);
    const json = html.slice(html.indexOf(`<script type="application/ld+json">`) + 35, html.indexOf("</script>"));
    const data = JSON.parse(json) as Record<string, unknown>;
    expect(data["@type"]).toBe("Book");
    expect(data.name).toBe("The Communist Manifesto");
    expect(data.author).toEqual([{ "@type": "Person", name: "Karl Marx" }, { "@type": "Person", name: "Friedrich Engels" }]);
    expect(data.translator).toEqual([{ "@type": "Person", name: "Samuel Moore" }]);
    expect(data.isbn).toBe("9780306406157");
    expect(data.inLanguage).toBe("en-GB");
    expect(data.datePublished).toBe("1975");
    const article = JSON.parse((await render(await articleBook())).html.split(`<script type="application/ld+json">`)[1]?.split("</script>")[0] ?? "") as Record<string, unknown>;
    expect(article["@type"]).toBe("Article");
    expect(article.publisher).toEqual({ "@type": "Organization", name: "Workers World" });
  });

  it("escapes hostile metadata everywhere it goes", async () => {
    const book = await articleBook({ metadata: hostileMetadata() });
    const { html } = await render(book);
    // Two script elements only: the JSON-LD (nothing in it closes it early) and the place keeper.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toMatch(/<b>bold|<img src=x|<style>\s*</);
    expect(html).not.toContain("1337");
    const json = html.slice(html.indexOf(`<script type="application/ld+json">`) + 35, html.indexOf("</script>"));
    const data = JSON.parse(json) as Record<string, unknown>;
    expect(data.name).toBe(book.metadata.title);
    expect(data.description).toBe(book.metadata.description);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    // Every part outside the style and script elements is well-formed XML.
    const body = html.slice(html.indexOf("<body>"), html.indexOf("</body>") + 7);
    const errors: string[] = [];
    new DOMParser({ onError: (level, msg) => errors.push(`${level} ${msg}`) }).parseFromString(body, "text/xml");
    expect(errors).toEqual([]);
  });

  it("keeps a user stylesheet from closing the style element", async () => {
    const evil = createTemplates({ overrides: [{ name: "web.css", text: "p{}</style><script>alert(1)</script>", origin: "manuscript", path: "templates/web.css" }] });
    const result = await renderHtml({ book: await articleBook(), templates: evil });
    const html = new TextDecoder().decode(result.artifacts[0]?.bytes);
    expect(html.match(/<\/style/gi)).toHaveLength(1);
    // What the stylesheet says stays CSS text inside the one style element.
    const outside = html.slice(0, html.indexOf("<style>")) + html.slice(html.indexOf("</style>"));
    expect(outside.match(/<script/g)).toHaveLength(2);
  });

  it("reports a broken template as a diagnostic naming the file", async () => {
    const broken = createTemplates({ overrides: [{ name: "web.liquid", text: "{% if %}", origin: "manuscript", path: "manuscript/templates/web.liquid" }] });
    const result = await renderHtml({ book: await articleBook(), templates: broken });
    expect(result.artifacts).toEqual([]);
    expect(result.diagnostics[0]?.code).toBe("render/template");
    expect(result.diagnostics[0]?.file).toBe("manuscript/templates/web.liquid");
  });

  it("is deterministic: the same Book gives the same bytes, whatever the clock or time zone", async () => {
    const a = (await render(await seedBook())).html;
    const tz = process.env.TZ;
    process.env.TZ = "Pacific/Kiritimati";
    const b = (await render(await seedBook())).html;
    process.env.TZ = tz;
    // A fresh engine and freshly read templates, as a second process would have.
    const c = new TextDecoder().decode((await renderHtml({ book: await seedBook(), templates: createTemplates({ builtIn: readBuiltInTemplates() }) })).artifacts[0]?.bytes);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a).not.toMatch(/\/work\/|\/tmp\//);
  });

  it("keeps every paragraph and heading of the seed, in order, exactly once", async () => {
    const { html } = await render(await seedBook());
    const text = html.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&");
    const lines = (await import("node:fs")).readFileSync(SEED_TEXT, "utf8").split("\n");
    let from = 0;
    for (const line of lines) {
      const at = text.indexOf(line, from);
      expect(at, line.slice(0, 40)).toBeGreaterThanOrEqual(from);
      expect(text.indexOf(line, at + 1), `twice: ${line.slice(0, 40)}`).toBe(-1);
      from = at + line.length;
    }
  });
});
