/**
 * Hand-built Books for the print tests (no pandoc needed): the seed article as the repository's
 * manuscript has it (editorial note, one untitled section with four level-2 headings), and the
 * Tolstoy story from the corpus (a titled section, nine level-2 headings, four notes).
 */
import { readFileSync } from "node:fs";
import type { Book, BookMetadata, Heading, Note, PrintOptions, Section } from "../../../src/model/book.js";
import { SEED_TEXT, CORPUS } from "../../fixtures/paths.js";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const inline = (s: string): string => esc(s).replace(/\*([^*]+)\*/g, "<em>$1</em>");

export { SEED_TEXT };
export const TOLSTOY_MD = `${CORPUS}/how-much-land-does-a-man-need/01-how-much-land-does-a-man-need.md`;

export const DEFAULT_PRINT: PrintOptions = { trim: { name: "6x9", widthMm: 152.4, heightMm: 228.6 }, bleed: false, bleedMm: 3.175, paper: "cream", preflight: "none" };

function metadata(over: Partial<BookMetadata>): BookMetadata {
  return {
    title: "Untitled",
    authors: [],
    contributors: [],
    language: "en",
    direction: "ltr",
    identifier: { scheme: "uuid", value: "8c6f1a4e-2d0b-5f4c-9a1e-3b7d2c1f0e9a", urn: "urn:uuid:8c6f1a4e-2d0b-5f4c-9a1e-3b7d2c1f0e9a", derived: true },
    subjects: [],
    slug: "untitled",
    print: DEFAULT_PRINT,
    extra: {},
    ...over,
  };
}

/** The seed: line 1 is the editorial note; lines 9, 20, 30, 44 are level-2 headings. */
export function seedBook({ print = DEFAULT_PRINT }: { print?: PrintOptions } = {}): Book {
  const lines = readFileSync(SEED_TEXT, "utf8").split("\n");
  const headingLines = new Set([9, 20, 30, 44]);
  const headings: Heading[] = [];
  const html: string[] = [];
  lines.forEach((line, i) => {
    const n = i + 1;
    if (n === 1) return;
    if (headingLines.has(n)) {
      const id = line.toLowerCase().replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "");
      headings.push({ id, level: 2, text: line, html: esc(line) });
      html.push(`<h2 id="${id}">${esc(line)}</h2>`);
    } else html.push(`<p>${esc(line)}</p>`);
  });
  const section: Section = { id: "s1", sourceFile: "01-text.md", role: "chapter", html: html.join("\n"), headings, notes: [] };
  return {
    metadata: metadata({
      title: "Venezuela: Logbook of a new victory",
      subtitle: "Results, the opposition’s plan to delegitimize elections and Maduro’s perspective of governance",
      authors: [{ name: "Sergio Rodríguez Gelfenstein", fileAs: "Rodríguez Gelfenstein, Sergio" }],
      contributors: [{ name: "John Catalinotto", role: "translator" }],
      publisher: "Workers World",
      date: "2024-07-31",
      description: "An analysis of Venezuela’s presidential election of July 28, 2024.",
      subjects: ["Venezuela", "Elections"],
      source: "Workers World, 2024 (translated from the Spanish original)",
      slug: "venezuela-logbook-of-a-new-victory",
      print,
    }),
    editorialNote: { sourceFile: "editorial-note.md", html: `<p>${esc(lines[0] ?? "")}</p>`, notes: [] },
    sections: [section],
    assets: [],
    modified: "2024-07-31T00:00:00Z",
    parts: [],
  };
}

/** Tolstoy: `# title`, `## I`…`## IX`, `[^n]` notes defined at the end. */
export function tolstoyBook({ print = DEFAULT_PRINT, split = false }: { print?: PrintOptions; split?: boolean } = {}): Book {
  const md = readFileSync(TOLSTOY_MD, "utf8").split("\n").filter((l) => l.trim() !== "");
  const notes: Note[] = [];
  const body: string[] = [];
  for (const line of md) {
    const def = /^\[\^(\d+)\]:\s*(.*)$/.exec(line);
    if (def) notes.push({ id: `s1-note-${def[1]}`, label: def[1] ?? "", html: `<p>${inline(def[2] ?? "")}</p>` });
    else body.push(line);
  }
  const title = body.shift()?.replace(/^#\s*/, "") ?? "";
  const toHtml = (l: string): string => {
    const h = /^##\s*(.*)$/.exec(l);
    if (h) return `<h2 id="ch-${(h[1] ?? "").toLowerCase()}">${esc(h[1] ?? "")}</h2>`;
    return `<p>${inline(l).replace(/\[\^(\d+)\]/g, (_, n: string) => `<a class="noteref" id="ref-s1-note-${n}" href="#s1-note-${n}" role="doc-noteref">${n}</a>`)}</p>`;
  };
  const headingOf = (l: string): Heading | undefined => {
    const h = /^##\s*(.*)$/.exec(l);
    return h ? { id: `ch-${(h[1] ?? "").toLowerCase()}`, level: 2, text: h[1] ?? "", html: esc(h[1] ?? "") } : undefined;
  };
  const meta = metadata({
    title,
    authors: [{ name: "Leo Tolstoy", fileAs: "Tolstoy, Leo" }],
    contributors: [
      { name: "Louise Maude", role: "translator" },
      { name: "Aylmer Maude", role: "translator" },
    ],
    date: "1886",
    language: "en-GB",
    description: "One of Tolstoy’s later stories.",
    subjects: ["Short stories, Russian -- Translations into English"],
    rights: "Public domain in the United States",
    slug: "how-much-land-does-a-man-need",
    print,
  });
  if (!split) {
    const section: Section = {
      id: "s1",
      sourceFile: "01-how-much-land-does-a-man-need.md",
      title: { id: "how-much-land", level: 1, text: title, html: esc(title) },
      role: "chapter",
      html: body.map(toHtml).join("\n"),
      headings: body.map(headingOf).filter((h): h is Heading => h !== undefined),
      notes,
    };
    return { metadata: meta, sections: [section], assets: [], modified: "1980-01-01T00:00:00Z", parts: [] };
  }
  // Nine chapters, each its own titled section (to exercise recto openers and blank versos).
  const sections: Section[] = [];
  for (const line of body) {
    const h = headingOf(line);
    if (h) {
      const id = `c${sections.length + 1}`;
      sections.push({ id, sourceFile: `${id}.md`, title: { ...h, level: 1 }, role: "chapter", html: "", headings: [], notes: [] });
      continue;
    }
    const s = sections.at(-1);
    if (!s) continue;
    const refs = [...line.matchAll(/\[\^(\d+)\]/g)].map((m) => m[1] ?? "");
    s.html += (s.html ? "\n" : "") + toHtml(line).replace(/s1-note-/g, `${s.id}-note-`);
    for (const n of refs) {
      const note = notes.find((x) => x.label === n);
      if (note) s.notes.push({ ...note, id: `${s.id}-note-${n}` });
    }
  }
  return { metadata: meta, sections, assets: [], modified: "1980-01-01T00:00:00Z", parts: [] };
}
