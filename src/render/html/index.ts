/**
 * The HTML edition: one self-contained file. Styles, the book typeface (only the subsets the text
 * uses) and images are inlined; nothing is loaded from anywhere, and the only script that runs
 * is the tiny place keeper (place-script.ts), allowed by its hash in the Content-Security-Policy.
 * Deterministic: the bytes depend on the Book alone (dates come from it, never from the clock).
 */
import { diag, type Diagnostic } from "../../diagnostics.js";
import type { Block, Book, Section } from "../../model/book.js";
import { contentsOf } from "../contents.js";
import { labelsFor, labelText } from "../labels.js";
import { bookFontsFor, inlineFontFaceCss, mathFontFiles } from "../fonts.js";
import { TemplateRenderError, type Templates } from "../templates.js";
import type { RenderResult } from "../types.js";
import { inlineAssets } from "./assets.js";
import { jsonLd, schemaType } from "./json-ld.js";
import { describe, joinNames, ogLocale } from "./text.js";
import { bookText } from "../book-text.js";
import { PLACE_SCRIPT, PLACE_SCRIPT_CSP, PLACE_SCRIPT_MARKER } from "./place-script.js";
import { displayBook } from "../typographic.js";

export const HTML_TEMPLATE = "web.liquid";
export const HTML_STYLESHEETS = ["base.css", "web.css"] as const;

export interface RenderHtmlOptions {
  book: Book;
  templates: Templates;
  /** Words for localisation, passed to the templates as `labels` (see templates/README.md). */
  labels?: Record<string, unknown>;
}

/** CSS goes inside one `<style>`: nothing in it may end that element early. */
function styleSafe(css: string): string {
  return css.replace(/<\/(style)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** The Book as one page needs it: every asset reference a data: URL. */
function selfContained(book: Book): { book: Book; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const inline = (html: string, sourceFile: string): string => {
    const r = inlineAssets({ html, assets: book.assets, sourceFile });
    diagnostics.push(...r.diagnostics);
    return r.html;
  };
  const blocks = (list: readonly Block[]): Block[] => list.map((b) => (b.images.length === 0 ? b : { ...b, html: inline(b.html, b.sourceFile) }));
  const sections: Section[] = book.sections.map((s) => {
    const out: Section = { ...s, blocks: blocks(s.blocks), notes: s.notes.map((n) => ({ ...n, html: inline(n.html, s.sourceFile) })) };
    const en = s.opening?.editorialNote;
    if (s.opening && en) out.opening = { ...s.opening, editorialNote: { ...en, blocks: blocks(en.blocks), notes: en.notes.map((n) => ({ ...n, html: inline(n.html, en.sourceFile) })) } };
    return out;
  });
  const page: Book = { ...book, sections };
  if (book.editorialNote) {
    const e = book.editorialNote;
    page.editorialNote = { ...e, blocks: blocks(e.blocks), notes: e.notes.map((n) => ({ ...n, html: inline(n.html, e.sourceFile) })) };
  }
  return { book: page, diagnostics };
}


export async function renderHtml({ book, templates, labels }: RenderHtmlOptions): Promise<RenderResult> {
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const { book: page, diagnostics } = selfContained(book);

  const fonts = [...bookFontsFor({ text: bookText(book) }), ...(await mathFontFiles({ book }))];
  const styles = [inlineFontFaceCss({ files: fonts }), ...HTML_STYLESHEETS.filter((n) => templates.has(n)).map((n) => templates.text(n))]
    .map(styleSafe)
    .join("\n\n");
  const description = describe(book);
  const m = book.metadata;
  const words = labels ?? labelsFor({ metadata: book.metadata, templates });
  const data = {
    // The pages show metadata with typographic quotes, as print does (jsonLd below reads it as typed).
    book: displayBook(page),
    edition: "web",
    labels: words,
    contents: contentsOf({ book, unnamed: labelText({ labels: words, key: "startOfText", fallback: "Start of text" }) }),
    styles,
    jsonLd: jsonLd({ book, ...(description ? { description } : {}) }),
    description,
    authors: joinNames(m.authors.map((a) => a.name)),
    ogType: schemaType(book) === "Article" ? "article" : "book",
    ogLocale: ogLocale(m.language),
    // A marker the script element replaces after rendering: a manuscript's copy of web.liquid
    // (whose text and output may hold no "<script") still gets it, and only ever this script.
    placeScript: PLACE_SCRIPT_MARKER,
    scriptCsp: PLACE_SCRIPT_CSP,
  };
  timings["html.prepare"] = performance.now() - t0;

  const t1 = performance.now();
  let html: string;
  try {
    html = await templates.render(HTML_TEMPLATE, data);
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    diagnostics.push(
      diag("render/template", {
        message: `the HTML edition's template failed: ${error.message}`,
        file: error.file.origin === "manuscript" ? error.file.path : `templates/${error.file.name}`,
        ...(error.line !== undefined ? { line: error.line } : {}),
      }),
    );
    return { artifacts: [], diagnostics, timings };
  }
  timings["html.template"] = performance.now() - t1;

  html = withPolicy(html.replace(PLACE_SCRIPT_MARKER, `<script>${PLACE_SCRIPT}</script>`));
  const bytes = new TextEncoder().encode(html.endsWith("\n") ? html : `${html}\n`);
  return {
    artifacts: [{ name: `${m.slug}.html`, mediaType: "text/html", bytes }],
    diagnostics,
    timings,
  };
}

/** web.liquid's Content-Security-Policy: nothing loads from outside, and only the place script runs. */
export const HTML_CSP = `default-src 'none'; script-src ${PLACE_SCRIPT_CSP}; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'`;

/**
 * The page with the policy first in its head, whatever the template wrote: a manuscript's copy of
 * web.liquid may leave it out (a second, looser policy can only narrow it: browsers apply both).
 */
function withPolicy(html: string): string {
  if (html.replace(/&#39;|&#x27;|&apos;/gi, "'").includes(`content="${HTML_CSP}"`)) return html;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}" />`;
  const head = /<head\b[^>]*>/i.exec(html) ?? /<html\b[^>]*>/i.exec(html);
  return head ? html.slice(0, head.index + head[0].length) + `\n${meta}` + html.slice(head.index + head[0].length) : `${meta}\n${html}`;
}
