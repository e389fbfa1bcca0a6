/**
 * The landing page as markup, parsed with htmlparser2: no script anywhere and a CSP that forbids
 * one, hostile metadata escaped into text, every link and image pointing at a file the catalogue
 * lists (or an anchor of the page), the credits and sizes a reader needs, and a packet's own
 * template taking over like the editions' do.
 */
import { parseDocument } from "htmlparser2";
import type { Element } from "domhandler";
import { describe, expect, it } from "vitest";
import { landingPage, qrSvg } from "../../src/distribute/index.js";
import { createTemplates, TemplateRenderError } from "../../src/render/templates.js";
import { hostilePacket, HOSTILE, readingPacket } from "./catalogue-fixture.js";
import type { Catalogue } from "../../src/distribute/catalogue.js";

function elements(html: string): Element[] {
  const out: Element[] = [];
  const walk = (nodes: unknown[]) => {
    for (const n of nodes as Array<{ type: string; children?: unknown[] }>) {
      if (n.type === "tag" || n.type === "script" || n.type === "style") out.push(n as unknown as Element);
      if (n.children) walk(n.children);
    }
  };
  walk(parseDocument(html).children);
  return out;
}

const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, "")
    .replace(/<svg[\s\S]*?<\/svg>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

/** Every file the catalogue lists, plus the feeds written beside the page. */
function listed(catalogue: Catalogue): Set<string> {
  const files = new Set(["opds.xml", "opds.json"]);
  for (const e of [catalogue.packet, ...catalogue.items]) {
    for (const f of [...e.editions, e.cover, e.thumbnail]) if (f) files.add(f.path);
  }
  return files;
}

describe("landingPage", () => {
  it("has no script, a CSP that forbids scripts and remote loads, and the phone viewport", async () => {
    const html = await landingPage({ catalogue: readingPacket({ url: "https://example.org/packets/reading/" }) });
    expect(html).not.toMatch(/<script/i);
    expect(elements(html).filter((e) => e.name === "script")).toEqual([]);
    for (const e of elements(html)) for (const name of Object.keys(e.attribs)) expect(name.startsWith("on"), `${e.name} ${name}`).toBe(false);
    const csp = elements(html).find((e) => e.name === "meta" && e.attribs["http-equiv"] === "Content-Security-Policy")?.attribs.content ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(elements(html).find((e) => e.name === "meta" && e.attribs.name === "viewport")?.attribs.content).toBe("width=device-width, initial-scale=1");
    expect(html).toContain("prefers-color-scheme: dark");
    expect(elements(html).filter((e) => e.name === "link" && e.attribs.rel === "stylesheet")).toEqual([]);
  });

  it("links only to files the catalogue lists, or to its own anchors, and to every edition", async () => {
    for (const catalogue of [readingPacket(), readingPacket({ url: "https://example.org/packets/reading/" })]) {
      const html = await landingPage({ catalogue });
      const files = listed(catalogue);
      const ids = new Set(elements(html).map((e) => e.attribs.id).filter(Boolean));
      const seen = new Set<string>();
      for (const e of elements(html)) {
        for (const attr of ["href", "src"] as const) {
          const value = e.attribs[attr];
          if (value === undefined) continue;
          if (value.startsWith("#")) expect(ids.has(value.slice(1)), value).toBe(true);
          else if (value === catalogue.packet.url) expect(e.name).toBe("a");
          else {
            expect(files.has(value), `${e.name} ${attr}="${value}" is not in the catalogue`).toBe(true);
            seen.add(value);
          }
        }
      }
      for (const entry of [catalogue.packet, ...catalogue.items]) for (const e of entry.editions) expect(seen.has(e.path), e.path).toBe(true);
    }
  });

  it("shows the cover, description, credits per item by part, and each download with its format and size", async () => {
    const catalogue = readingPacket();
    const html = await landingPage({ catalogue });
    const text = textOf(html);
    expect(elements(html).find((e) => e.name === "img" && e.attribs.class === "cover")?.attribs.src).toBe("covers/reading-packet.png");
    expect(text).toContain("A Reading Packet Three texts on the state");
    expect(text).toContain("Edited by Ada Editor and Ben Editor");
    expect(text).toContain("Three classic texts for a seminar");
    expect(text).toMatch(/EPUB 412 kB for e-readers and reading apps/);
    expect(text).toMatch(/PDF 1\.2 MB to read or print as a book/);
    expect(text).toMatch(/Booklet PDF 1\.3 MB to print double-sided and fold/);
    expect(text).toMatch(/Zip 3\.9 MB every file in one download/);
    // Parts in order, each item with its people, source and editions.
    const order = ["Part One: Resistance", "Civil Disobedience", "Henry David Thoreau", "Edited by Ada Editor", "First published in Aesthetic Papers", "Part Two: Class and land", "The Communist Manifesto", "Karl Marx and Friedrich Engels", "Translated by Samuel Moore", "Notes by Friedrich Engels", "How Much Land Does a Man Need?", "Leo Tolstoy", "Translated by Louise Maude and Aylmer Maude"];
    let at = 0;
    for (const piece of order) {
      const found = text.indexOf(piece, at);
      expect(found, `"${piece}" after position ${at}`).toBeGreaterThanOrEqual(0);
      at = found;
    }
    expect(elements(html).filter((e) => e.name === "h3" && e.attribs.class === "part")).toHaveLength(2);
    expect(elements(html).filter((e) => e.name === "h4" && e.attribs.class === "item-title")).toHaveLength(3);
    // An item in another language than the page says so, for screen readers and hyphenation.
    expect(elements(html).find((e) => e.attribs.id === "item-how-much-land")?.attribs.lang).toBe("en-GB");
    expect(text).toContain("Published by Workers Press, July 31, 2024");
  });

  it("without parts lists the items under the contents directly", async () => {
    const html = await landingPage({ catalogue: { ...readingPacket(), parts: [] } });
    expect(elements(html).filter((e) => e.attribs.class === "part")).toEqual([]);
    expect(elements(html).filter((e) => e.name === "h3" && e.attribs.class === "item-title")).toHaveLength(3);
  });

  it("escapes hostile metadata everywhere", async () => {
    const catalogue = hostilePacket();
    const html = await landingPage({ catalogue });
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<script|<img src=x/i);
    expect(elements(html).filter((e) => e.name === "script" || (e.name === "img" && e.attribs.src === "x"))).toEqual([]);
    for (const e of elements(html)) for (const name of Object.keys(e.attribs)) expect(name.startsWith("on"), `${e.name} ${name}`).toBe(false);
    // The words are all there, as text.
    const title = elements(html).find((e) => e.name === "title");
    expect((title?.children[0] as { data?: string } | undefined)?.data).toBe(catalogue.packet.title);
    expect(textOf(html)).toContain(`Translated by Samuel Moore ${HOSTILE}`);
  });

  it("shows the address and a QR code of it when the packet has a url", async () => {
    const url = "https://example.org/packets/reading/";
    const html = await landingPage({ catalogue: readingPacket({ url }) });
    expect(textOf(html)).toContain(`Online at ${url}`);
    const qr = await qrSvg({ url });
    expect(html).toContain(qr);
    expect(qr).toMatch(/^<svg role="img" aria-label="QR code for https:\/\/example\.org\/packets\/reading\/" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(await landingPage({ catalogue: readingPacket() })).not.toContain("<svg");
    // A url that is not http(s) is neither shown as the address nor encoded.
    expect(await landingPage({ catalogue: readingPacket({ url: "javascript:alert(1)" }) })).not.toContain("javascript:");
  });

  it("sets right-to-left packets right to left", async () => {
    const c = readingPacket();
    c.packet.language = "ar";
    expect(await landingPage({ catalogue: c })).toMatch(/<html lang="ar" dir="rtl">/);
  });

  it("speaks the packet's language: its own words come from labels.yaml", async () => {
    const c = readingPacket();
    c.packet.language = "es";
    const text = textOf(await landingPage({ catalogue: c }));
    expect(text).toContain("Descargar");
    expect(text).toContain("En una aplicación de lectura");
    expect(text).not.toMatch(/\bDownload\b|In a reading app/);
    c.packet.language = "sw";
    expect(textOf(await landingPage({ catalogue: c }))).toContain("In a reading app");
  });

  it("uses a packet's own landing.liquid and landing.css, and refuses one that renders a script", async () => {
    const own = (name: string, text: string) => ({ name, text, origin: "manuscript" as const, path: `packet/templates/${name}` });
    const templates = createTemplates({ overrides: [own("landing.liquid", "<title>{{ packet.title }}</title><style>{{ styles | raw }}</style>"), own("landing.css", "body { color: teal; }")] });
    expect(await landingPage({ catalogue: readingPacket(), templates })).toBe("<title>A Reading Packet</title><style>body { color: teal; }</style>");
    const evil = createTemplates({ overrides: [own("landing.liquid", "{{ packet.title | raw }}")] });
    const c = readingPacket();
    c.packet.title = "<script>alert(1)</script>";
    await expect(landingPage({ catalogue: c, templates: evil })).rejects.toBeInstanceOf(TemplateRenderError);
  });
});
