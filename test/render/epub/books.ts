/**
 * Hand-built Books for the EPUB tests (the manuscript loader is another stage's business).
 * Small but real: the seed's shape (one untitled article with level-2 headings, an editorial note,
 * a translator) and a two-chapter book with notes, an SVG figure and a level-3 heading.
 */
import type { Book, BookMetadata, Section } from "../../../src/model/book.js";

const PRINT: BookMetadata["print"] = {
  trim: { name: "6x9", widthMm: 152.4, heightMm: 228.6 },
  bleed: false,
  bleedMm: 3.175,
  paper: "white",
  preflight: "none",
};

export function articleBook(): Book {
  const metadata: BookMetadata = {
    title: "Venezuela: Logbook of a new victory",
    subtitle: "Results, the opposition’s plan to delegitimize elections and Maduro’s perspective of governance",
    authors: [{ name: "Sergio Rodríguez Gelfenstein", fileAs: "Rodríguez Gelfenstein, Sergio" }],
    contributors: [{ name: "John Catalinotto", fileAs: "Catalinotto, John", role: "translator" }],
    publisher: "Workers World",
    date: "2024-07-31",
    language: "en",
    direction: "ltr",
    identifier: { scheme: "uuid", value: "5b1c3f3e-8a0e-5d3c-9a51-0c7b2f0e6a11", urn: "urn:uuid:5b1c3f3e-8a0e-5d3c-9a51-0c7b2f0e6a11", derived: true },
    description: "A translated analysis of Venezuela’s July 2024 presidential election.",
    subjects: ["Venezuela", "Elections"],
    slug: "venezuela-logbook",
    print: PRINT,
    extra: {},
  };
  const section: Section = {
    id: "s1",
    sourceFile: "01-text.md",
    role: "chapter",
    html:
      "<p>July 31, 2024. The presidential election in Venezuela is over. It cost $150 — and 80% of “the vote” said so…</p>\n" +
      "<p>Right after the same Sunday night as the vote, President Nicolás Maduro had already called for building a broad political alliance [and continues].</p>\n" +
      '<h2 id="interference-of-the-regional-ultraright">Interference of the regional ultraright</h2>\n' +
      "<p>The U.S. government -– as usual — waited until 7 p.m. to speak.</p>\n<p>María Corina Machado and Edmundo González did not.</p>\n" +
      '<h2 id="a-cyberattack">A cyberattack</h2>\n<p>An act of digital terrorism was directed against the National Electoral Council.</p>\n',
    headings: [
      { id: "interference-of-the-regional-ultraright", level: 2, text: "Interference of the regional ultraright", html: "Interference of the regional ultraright" },
      { id: "a-cyberattack", level: 2, text: "A cyberattack", html: "A cyberattack" },
    ],
    notes: [],
  };
  return {
    metadata,
    editorialNote: {
      sourceFile: "editorial-note.md",
      html: "<p>Workers World is publishing, unmodified, several statements from anti-imperialist media. Translation: John Catalinotto.</p>",
      notes: [],
    },
    sections: [section],
    assets: [],
    modified: "2024-07-31T00:00:00Z",
    parts: [],
  };
}

const FIGURE_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60" width="200" height="60"><title>Five notes on a staff</title><g stroke="black">${[10, 20, 30, 40, 50].map((y) => `<line x1="0" y1="${y}" x2="200" y2="${y}"/>`).join("")}</g><g>${[30, 70, 110, 150].map((x, i) => `<circle cx="${x}" cy="${20 + i * 5}" r="5"/>`).join("")}</g></svg>
`;

export function chaptersBook(): Book {
  const metadata: BookMetadata = {
    title: "The Communist Manifesto",
    authors: [
      { name: "Karl Marx", fileAs: "Marx, Karl" },
      { name: "Friedrich Engels", fileAs: "Engels, Friedrich" },
    ],
    contributors: [
      { name: "Samuel Moore", fileAs: "Moore, Samuel", role: "translator" },
      { name: "Friedrich Engels", role: "annotator" },
    ],
    language: "en-GB",
    direction: "ltr",
    identifier: { scheme: "isbn", value: "9780306406157", urn: "urn:isbn:9780306406157", derived: false },
    subjects: [],
    rights: "Public domain in the United States.",
    source: "First published in London, 1848; this translation 1888.",
    slug: "communist-manifesto",
    print: PRINT,
    extra: {},
  };
  const preface: Section = {
    id: "preface",
    sourceFile: "01-preface.md",
    role: "preface",
    title: { id: "preface-title", level: 1, text: "Preface", html: "Preface" },
    html:
      '<p>The “Manifesto” was published as the platform of the <em>Communist League</em>.<a class="noteref" id="ref-preface-note-1" href="#preface-note-1" role="doc-noteref">1</a></p>\n' +
      '<p>A second paragraph, with a <strong>bold</strong> word.</p>\n<figure>\n<img src="images/staff.svg" alt="Five notes on a musical staff" />\n<figcaption>A figure</figcaption>\n</figure>\n<p>After the figure.</p>\n',
    headings: [],
    notes: [{ id: "preface-note-1", label: "1", html: "<p>A workers’ association, first exclusively German.</p>" }],
  };
  const chapter: Section = {
    id: "bourgeois",
    sourceFile: "03-bourgeois-and-proletarians.md",
    role: "chapter",
    title: {
      id: "bourgeois-title",
      level: 1,
      text: "I. Bourgeois and Proletarians1",
      html: 'I. Bourgeois and Proletarians<a class="noteref" id="ref-bourgeois-note-2" href="#bourgeois-note-2" role="doc-noteref">2</a>',
    },
    html:
      "<p>The history of all hitherto existing society is the history of class struggles.</p>\n<p>Freeman and slave, patrician and plebeian.</p>\n" +
      '<h2 id="the-epochs">The epochs</h2>\n<p>In the earlier epochs of history.</p>\n<ol>\n<li>One.</li>\n<li>Two.</li>\n</ol>\n' +
      '<h3 id="a-detail">A detail</h3>\n<blockquote>\n<p>A quotation.</p>\n</blockquote>\n<hr />\n<p>After the rule.</p>\n',
    headings: [
      { id: "the-epochs", level: 2, text: "The epochs", html: "The epochs" },
      { id: "a-detail", level: 3, text: "A detail", html: "A detail" },
    ],
    notes: [{ id: "bourgeois-note-2", label: "2", html: "<p>By bourgeoisie is meant the class of modern capitalists.</p>\n<p>A second note paragraph.</p>" }],
  };
  return {
    metadata,
    sections: [preface, chapter],
    assets: [{ path: "images/staff.svg", mediaType: "image/svg+xml", bytes: new TextEncoder().encode(FIGURE_SVG) }],
    modified: "1975-01-01T00:00:00Z",
    parts: [],
  };
}
