/**
 * A token of prose too long for a line (a hash, a URL, a run of letters) breaks inside the text
 * block, as LaTeX's \url and \seqsplit break it, instead of running past the trim and being cut
 * off on paper: in a paragraph, in link text, a heading, a table cell, a footnote and a caption.
 * The text layer keeps every character in order, with no hyphen added. Read back from the PDF
 * (pdftotext -bbox).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";
import { words } from "./bbox-words.js";

const filler = "An ordinary sentence of prose that is long enough to fill a justified line of the page, and then goes on a while.";

it("breaks a token of prose too long for a line inside the text block, keeping its characters", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-long-words-"));
  const hash = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const paren = `https://example.com/${"a".repeat(80)}`;
  const letters = "abcdefghijklmnopqrstuvwxyz".repeat(3).slice(0, 80);
  const link = "https://example.org/a/very/long/path/that/goes/on/and/on/index.html?query=value&other=thing";
  const heading = "https://example.net/another/long/path/with/many/segments/and/more/segments/here";
  const cell = "https://example.info/a/path/in/a/table/cell/that/is/much/longer/than/its/column";
  const note = "https://example.edu/a/footnote/path/that/is/far/too/long/to/fit/on/a/single/line";
  const caption = "https://example.io/a/caption/with/a/long/address/that/cannot/fit/on/one/line/at/all";
  // A chapter title (and so the running head on its rectos) with one.
  const title = `sha512:${"0123456789abcdef".repeat(6)}`;
  writeFileSync(join(dir, "metadata.yaml"), "title: Long words\nauthors: Ada Writer\nlanguage: en\nprint:\n  notes: footnotes\n");
  mkdirSync(join(dir, "img"));
  writeFileSync(join(dir, "img", "box.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="#888"/></svg>');
  writeFileSync(join(dir, "01-text.md"), [
    "# Long words", "",
    `${filler} Hash ${hash} ends. ${filler}`, "",
    `${filler} See (${paren}) ends. ${filler}`, "",
    `${filler} Letters ${letters} end. ${filler}`, "",
    `${filler} Link <${link}> ends.[^n] ${filler}`, "",
    `## Heading ${heading}`, "",
    `${filler} ${filler}`, "",
    "| Name | Address |", "| --- | --- |", `| cell | ${cell} |`, "",
    `![Caption ${caption}](img/box.svg)`, "",
    `${filler} ${filler}`, "",
    `[^n]: Note ${note} ends.`, "",
  ].join("\n"));
  writeFileSync(join(dir, "02-more.md"), [`# Release ${title}`, "", ...Array.from({ length: 40 }, () => [`${filler} ${filler}`, ""]).flat()].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const pdf = join(out, `${report.slug}.pdf`);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())?.[1]);
  let seen = 0;
  for (let p = 1; p <= pages; p++) {
    const all = words(pdf, p);
    // The text block's right edge on this page: where most lines end (justified lines all end
    // there); a page of fewer such lines (the title page) is not one of the text's.
    const lines = new Map<number, number>();
    for (const w of all) lines.set(w.yMin, Math.max(lines.get(w.yMin) ?? 0, w.xMax));
    const ends = [...lines.values()].map((x) => Math.round(x * 2) / 2);
    const counts = new Map<number, number>();
    for (const x of ends) counts.set(x, (counts.get(x) ?? 0) + 1);
    const right = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
    if ((counts.get(right) ?? 0) < 3) continue;
    // Every word inside it (punctuation at a line end hangs into the margin: typst's overhang).
    for (const w of all) expect(w.xMax, `"${w.text}" on page ${p}`).toBeLessThanOrEqual(right + (/[,.;:!?)\-\u2013\u2014\u2019\u201d]$/.test(w.text) ? 4 : 0.5));
    seen++;
  }
  expect(seen).toBeGreaterThan(0);
  // Every token comes back whole and in order (a line break inside it adds no hyphen), broken
  // over more than one line where it cannot fit one.
  const text = execFileSync("pdftotext", [pdf, "-"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  const flat = text.replace(/\s+/g, "");
  for (const token of [hash, `(${paren})`, letters, link, heading, cell, note, caption, title]) expect(flat).toContain(token);
  const lines = text.split("\n");
  for (const token of [hash, paren, letters]) expect(lines.some((l) => l.includes(token)), token).toBe(false);
}, 120_000);
