/**
 * Book objects built by hand for the HTML and template tests (the lead's `loadBook` comes later;
 * these stay as the smallest honest inputs). Shapes follow src/model/book.ts exactly.
 */
import { readFileSync } from "node:fs";
import type { Book, BookMetadata, Section } from "../../../src/model/book.js";
import { SEED_TEXT } from "../../fixtures/paths.js";

const PRINT: BookMetadata["print"] = {
  trim: { name: "6x9", widthMm: 152.4, heightMm: 228.6 },
  bleed: false,
  bleedMm: 3.175,
  paper: "white",
  preflight: "none",
};

export function metadata(over: Partial<BookMetadata> = {}): BookMetadata {
  return {
    title: "Venezuela: Logbook of a new victory",
    subtitle: "Results, the opposition’s plan to delegitimize elections and Maduro’s perspective of governance",
    authors: [{ name: "Sergio Rodríguez Gelfenstein", fileAs: "Rodríguez Gelfenstein, Sergio" }],
    contributors: [{ name: "John Catalinotto", role: "translator" }],
    publisher: "Workers World",
    date: "2024-07-31",
    language: "en",
    direction: "ltr",
    identifier: { scheme: "uuid", value: "1b4e28ba-2fa1-41d2-883f-0016d3cca427", urn: "urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427", derived: true },
    description: "An analysis of Venezuela’s July 2024 presidential election.",
    subjects: ["Venezuela", "Elections"],
    source: "First published in English by Workers World, August 2024.",
    slug: "venezuela-logbook-of-a-new-victory",
    print: PRINT,
    extra: {},
    ...over,
  };
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" width="40" height="20"><rect width="40" height="20" fill="#c33"/></svg>`;

/** An article like the seed: one untitled section with level-2 headings, an editorial note, a note, an image. */
export function articleBook(over: Partial<BookMetadata> = {}): Book {
  const section: Section = {
    id: "s1",
    sourceFile: "01-text.md",
    role: "chapter",
    html: [
      `<p>July 31, 2024. The presidential election in Venezuela is over.<a class="noteref" id="ref-s1-note-1" href="#s1-note-1" role="doc-noteref">1</a> “Nicolás” — María’s $150 and 80% … [and] Ph.D.</p>`,
      `<p>Today, July 31, in spite of what the transnational media transmits, the country is calm.</p>`,
      `<h2 id="s1-interference">Interference of the regional ultraright</h2>`,
      `<p>First paragraph after a heading.</p>`,
      `<p>Second paragraph, indented.</p>`,
      `<figure><img src="images/flag.svg" alt="A red rectangle" /><figcaption>A figure.</figcaption></figure>`,
      `<h2 id="s1-cyberattack">A cyberattack</h2>`,
      `<blockquote><p>A quotation set apart.</p></blockquote>`,
      `<hr />`,
      `<p>After a section break.</p>`,
    ].join("\n"),
    headings: [
      { id: "s1-interference", level: 2, text: "Interference of the regional ultraright", html: "Interference of the regional ultraright" },
      { id: "s1-cyberattack", level: 2, text: "A cyberattack", html: "A cyberattack" },
    ],
    notes: [{ id: "s1-note-1", label: "1", html: "<p>A note with <em>emphasis</em>.</p>" }],
  };
  return {
    metadata: metadata(over),
    editorialNote: {
      sourceFile: "editorial-note.md",
      html: "<p>Workers World is publishing, unmodified, several statements. Translation: John Catalinotto.</p>",
      notes: [],
    },
    sections: [section],
    assets: [{ path: "images/flag.svg", mediaType: "image/svg+xml", bytes: new TextEncoder().encode(SVG), widthPx: 40, heightPx: 20 }],
    modified: "2024-07-31T00:00:00Z",
    parts: [],
  };
}

/** A book of titled chapters (Manifesto-like): two sections, nested headings, notes in both. */
export function chaptersBook(): Book {
  const book = articleBook({
    title: "The Communist Manifesto",
    subtitle: undefined,
    authors: [{ name: "Karl Marx" }, { name: "Friedrich Engels" }],
    contributors: [
      { name: "Samuel Moore", role: "translator" },
      { name: "Friedrich Engels", role: "annotator" },
    ],
    language: "en-GB",
    date: "1848",
    rights: "Public domain in the United States",
    identifier: { scheme: "isbn", value: "9780306406157", urn: "urn:isbn:9780306406157", derived: false },
    slug: "the-communist-manifesto",
  });
  delete book.editorialNote;
  book.assets = [];
  book.sections = [1, 2].map((n) => ({
    id: `s${n}`,
    sourceFile: `0${n}-chapter.md`,
    role: n === 1 ? "preface" : "chapter",
    title: { id: `s${n}-title`, level: 1, text: `Chapter ${n}`, html: `Chapter <em>${n}</em>` },
    html: `<p>Opening of chapter ${n}.<a class="noteref" id="ref-s${n}-note-1" href="#s${n}-note-1" role="doc-noteref">${n}</a></p>\n<h2 id="s${n}-part">Part of ${n}</h2>\n<p>Text.</p>\n<h3 id="s${n}-sub">Sub ${n}</h3>\n<p>More.</p>\n<div class="line-block">A line of verse that runs on<br />\n\u00a0\u00a0\u00a0an indented line<br />\nand a third</div>\n<p>After the verse.</p>`,
    headings: [
      { id: `s${n}-part`, level: 2, text: `Part of ${n}`, html: `Part of ${n}` },
      { id: `s${n}-sub`, level: 3, text: `Sub ${n}`, html: `Sub ${n}` },
    ],
    notes: [{ id: `s${n}-note-1`, label: String(n), html: `<p>Note of chapter ${n}.</p>` }],
  }));
  return book;
}

/** Metadata an attacker wrote: every field tries to break out of its context. */
export const HOSTILE = `</script><script>alert(1)</script>{{ 1000 | plus: 337 }}<b>bold</b>"'&amp;`;

export function hostileBook(): Book {
  return articleBook({
    title: HOSTILE,
    subtitle: `{% raw %}<img src=x onerror=alert(2)>`,
    authors: [{ name: `Eve <script>alert(3)</script>` }],
    contributors: [{ name: `</title><script>alert(4)</script>`, role: "translator" }],
    publisher: `]]><!-- -->&lt;`,
    description: `</script><script>alert(5)</script>\u2028\u2029`,
    subjects: [`<style>`],
    source: `<a href="http://evil.example/">x</a>`,
    rights: `{{ "x" }}`,
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The seed article as a Book, built by hand from test/fixtures/seed/ (the seed): line 1 is
 * the editorial note, lines 9, 20, 30 and 44 are level-2 headings, the rest paragraphs.
 */
export function seedBook(): Book {
  const text = readFileSync(SEED_TEXT, "utf8");
  const lines = text.split("\n");
  const headingLines = new Set([9, 20, 30, 44]);
  const blocks: string[] = [];
  const headings: Section["headings"] = [];
  lines.forEach((line, i) => {
    const n = i + 1;
    if (n === 1) return;
    if (headingLines.has(n)) {
      const id = `s1-${line.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
      headings.push({ id, level: 2, text: line, html: escapeHtml(line) });
      blocks.push(`<h2 id="${id}">${escapeHtml(line)}</h2>`);
    } else {
      blocks.push(`<p>${escapeHtml(line)}</p>`);
    }
  });
  const book = articleBook({ description: undefined });
  book.assets = [];
  book.editorialNote = { sourceFile: "editorial-note.md", html: `<p>${escapeHtml(lines[0] ?? "")}</p>`, notes: [] };
  book.sections = [{ id: "s1", sourceFile: "01-text.md", role: "chapter", html: blocks.join("\n"), headings, notes: [] }];
  return book;
}
