import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { createLocator } from "../../../src/convert/locate.js";
import { sanitizeFragment } from "../../../src/convert/sanitize.js";
import type { Asset } from "../../../src/model/book.js";
import { dataUrl, inlineAssets, srcsetUrls } from "../../../src/render/html/assets.js";

// A real 1×1 PNG and a tiny SVG: the bytes only need to round-trip through base64.
const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
const ASSETS: Asset[] = [
  { path: "images/x.png", mediaType: "image/png", bytes: PNG },
  { path: "images/figure.svg", mediaType: "image/svg+xml", bytes: SVG },
];
const X = dataUrl(ASSETS[0]!);
const FIGURE = dataUrl(ASSETS[1]!);
const inline = (html: string) => inlineAssets({ html, assets: ASSETS, sourceFile: "01-text.md" });

/** Polyglot means well-formed XML: xmldom must parse it without a single complaint. */
function parsesAsXml(html: string): boolean {
  const problems: string[] = [];
  try {
    const wrapped = `<div xmlns="http://www.w3.org/1999/xhtml" xmlns:xlink="http://www.w3.org/1999/xlink">${html}</div>`;
    const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(wrapped, "application/xhtml+xml");
    return problems.length === 0 && doc.documentElement?.localName === "div";
  } catch {
    return false;
  }
}

describe("inlineAssets: code samples are text, never rewritten", () => {
  it("keeps a remote src shown inside <pre><code> and inlines the real image outside it", () => {
    const html =
      '<p><img src="images/x.png" alt="An x" /></p>\n' +
      '<pre><code>&lt;audio src="https://example.org/a.mp3"&gt;&lt;/audio&gt;\n&lt;img src="images/x.png" srcset="images/x.png 2x" /&gt;</code></pre>';
    const r = inline(html);
    expect(r.html).toContain('&lt;audio src="https://example.org/a.mp3"&gt;&lt;/audio&gt;');
    expect(r.html).toContain('&lt;img src="images/x.png" srcset="images/x.png 2x" /&gt;');
    expect(r.html).toContain(`<img src="${X}" alt="An x" />`);
    // The code's text is byte for byte what it was.
    const code = (s: string) => s.slice(s.indexOf("<pre>"));
    expect(code(r.html)).toBe(code(html));
    expect(r.diagnostics).toEqual([]);
    expect(parsesAsXml(r.html)).toBe(true);
  });

  it("keeps inline <code> naming a book image as text", () => {
    const html = '<p>Write <code>&lt;img alt="x" src="images/x.png"&gt;</code> or <code>![alt](images/figure.svg)</code>.</p>';
    const r = inline(html);
    expect(r.html).toBe(html);
    expect(r.html).not.toContain("base64");
  });

  it("leaves links to a book asset as links (a link is not a load)", () => {
    const html = '<p><a href="images/x.png">the image</a> and <a href="https://example.org/">a site</a></p>';
    expect(inline(html)).toEqual({ html, diagnostics: [] });
  });
});

describe("inlineAssets: loading attributes", () => {
  it("inlines every attribute that loads, and leaves out what is not in the book", () => {
    const r = inline(
      '<video poster="images/x.png" src="https://example.org/v.mp4"></video>' +
        '<object data="./images/figure.svg"></object>' +
        '<svg><image href="images/figure.svg#view" /><use xlink:href="#local"></use></svg>',
    );
    expect(r.html).toContain(`<video poster="${X}"></video>`);
    expect(r.html).toContain(`<object data="${FIGURE}"></object>`);
    expect(r.html).toContain(`<image href="${FIGURE}#view"></image>`);
    expect(r.html).toContain('<use xlink:href="#local"></use>');
    expect(r.diagnostics.map((d) => [d.code, d.field])).toEqual([["render/unresolved-resource", "src"]]);
    expect(r.diagnostics[0]?.message).toContain("https://example.org/v.mp4");
    expect(r.diagnostics[0]?.file).toBe("01-text.md");
    expect(parsesAsXml(r.html)).toBe(true);
  });

  it("reports an unresolved reference once, however often it appears", () => {
    const r = inline('<img src="images/gone.png" alt="a" /><img src="images/gone.png" alt="b" />');
    expect(r.html).toBe('<img alt="a" /><img alt="b" />');
    expect(r.diagnostics.map((d) => d.code)).toEqual(["render/unresolved-resource"]);
  });

  it("keeps escaped text around inlined images polyglot (entities, quotes, ampersands)", () => {
    const html = '<p title="a &amp; &quot;b&quot;">Tom &amp; Jerry &lt;3 <img src="images/x.png" alt="1 &lt; 2" /></p>';
    const r = inline(html);
    expect(r.html).toBe(`<p title="a &amp; &quot;b&quot;">Tom &amp; Jerry &lt;3 <img src="${X}" alt="1 &lt; 2" /></p>`);
    expect(parsesAsXml(r.html)).toBe(true);
  });
});

describe("inlineAssets: srcset", () => {
  it("drops srcset beside a src and says so, once per element", () => {
    const r = inline('<img src="images/x.png" srcset="images/x.png 1x, images/figure.svg 2x" alt="x" />');
    expect(r.html).toBe(`<img src="${X}" alt="x" />`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["render/srcset"]);
    expect(r.diagnostics[0]?.message).toContain("<img>");
  });

  it("keeps the first srcset candidate that is a book image as src when there is no src", () => {
    const r = inline('<picture><source srcset="https://example.org/a.webp 1x, images/figure.svg 2x" /><img srcset="images/missing.png 1x, images/x.png 2x" alt="x" /></picture>');
    expect(r.html).toBe(`<picture><source src="${FIGURE}" /><img alt="x" src="${X}" /></picture>`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["render/srcset", "render/srcset"]);
    expect(r.html).not.toContain("srcset");
  });

  it("reads srcset candidates as HTML does", () => {
    expect(srcsetUrls("a.png 1x,b.png 2x")).toEqual(["a.png", "b.png"]);
    expect(srcsetUrls(" a.png, b.png,, c.png 100w ")).toEqual(["a.png", "b.png", "c.png"]);
    expect(srcsetUrls("data:image/png;base64,AAAA 1x, x.png (a, b) 2x")).toEqual(["data:image/png;base64,AAAA", "x.png"]);
  });
});

describe("sanitize (convert time) reports the srcset it removes", () => {
  it("names the element and says an edition carries the src", () => {
    const markdown = '<img src="images/x.png" srcset="images/x.png 2x" alt="x" />';
    const r = sanitizeFragment({ html: markdown, sourceFile: "01-text.md", locate: createLocator(markdown) });
    expect(r.html).not.toContain("srcset");
    const d = r.diagnostics.find((x) => x.message.includes("srcset"));
    expect(d?.code).toBe("convert/removed-url");
    expect(d?.line).toBe(1);
  });
});
