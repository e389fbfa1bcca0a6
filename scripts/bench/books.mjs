// Generated books for the speed bench: the corpus texts (test/fixtures/corpus) repeated, in order,
// as chapter files until the book has about `pages` pages of 6×9 print (measured: ~WORDS_PER_PAGE).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const WORDS_PER_PAGE = 300;

export function makeBook({ pages, dir, corpus = resolve("test/fixtures/corpus") }) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "metadata.yaml"), `title: "A generated book of ${pages} pages"\nauthors:\n  - name: "The Corpus"\nlanguage: en\nidentifier: "urn:uuid:00000000-0000-4000-8000-${String(pages).padStart(12, "0")}"\n`);
  const texts = [];
  for (const d of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    for (const f of readdirSync(join(corpus, d.name)).filter((f) => f.endsWith(".md") && f !== "editorial-note.md").sort()) texts.push(readFileSync(join(corpus, d.name, f), "utf8"));
    if (existsSync(join(corpus, d.name, "images"))) cpSync(join(corpus, d.name, "images"), join(dir, "images"), { recursive: true });
  }
  const target = pages * WORDS_PER_PAGE;
  let words = 0;
  let n = 0;
  // Whole texts while they fit; the last one cut at a paragraph, so the book is near its size.
  while (words < target) {
    const text = texts[n % texts.length];
    const count = text.split(/\s+/).length;
    let body = text;
    if (words + count > target) {
      const paras = text.split(/\n\n/);
      const kept = [];
      let w = 0;
      for (const p of paras) {
        if (words + w > target && kept.length > 1) break;
        kept.push(p);
        w += p.split(/\s+/).length;
      }
      // Keep footnote definitions whose references survived, and only those.
      body = kept.join("\n\n");
      const defs = text.match(/^\[\^[^\]]+\]:.*$/gm) ?? [];
      for (const def of defs) if (body.includes(def.slice(0, def.indexOf("]") + 1)) && !body.includes(def)) body += `\n\n${def}`;
    }
    words += body.split(/\s+/).length;
    writeFileSync(join(dir, `${String(++n).padStart(3, "0")}-part.md`), body);
  }
  return { dir, words, files: n };
}
