/**
 * assemblePacket is pure: items' Books (each assembled under its own id namespace) → one Book of
 * Books whose sections every renderer reads as for any book. Items come from fixture manuscripts
 * through the real load → convert → model path.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBook } from "../../src/load-book.js";
import { assemblePacket, namespaceBook, sourceLine, SOURCES_ID } from "../../src/model/assemble-packet.js";
import { allBlocks, type Book, type OutlineEntry } from "../../src/model/book.js";
import { BOOKS_DIR, MANIFESTO_DIR, SEED_DIR, seedBook, TOLSTOY_DIR } from "../helpers/books.js";

const words = { sources: "Sources and rights", firstPublished: "First published in", translatedBy: "Translated by", and: "and" };

async function item(dir: string, namespace: string): Promise<Book> {
  const loaded = await loadBook({ dir, namespace, env: { SOURCE_DATE_EPOCH: "" } as NodeJS.ProcessEnv });
  if (!loaded.value) throw new Error(`${dir} did not load`);
  return loaded.value.book;
}

async function packet(): Promise<Book> {
  const article = join(BOOKS_DIR, "article");
  const meta = { ...(await seedBook()).metadata, title: "A packet", slug: "a-packet", authors: [], contributors: [] };
  return assemblePacket({
    metadata: meta,
    items: [
      { book: await item(article, "i1-"), namespace: "i1-", part: "One" },
      { book: await item(article, "i2-"), namespace: "i2-", part: "One" },
      { book: await item(TOLSTOY_DIR, "i3-"), namespace: "i3-" },
    ],
    modified: "2025-01-01T00:00:00Z",
    words,
    sourceFile: "packet.yaml",
  });
}

const ids = (book: Book): string[] => {
  const out: string[] = [];
  for (const s of book.sections) {
    out.push(s.id, ...(s.title ? [s.title.id] : []), ...s.notes.map((n) => n.id));
    if (s.opening) out.push(`${s.opening.namespace}title-page`, `${s.opening.namespace}editorial-note`, ...(s.opening.partStart ? [s.opening.partStart.id] : []), ...(s.opening.editorialNote?.notes.map((n) => n.id) ?? []));
  }
  for (const { block } of allBlocks(book)) out.push(...block.ids);
  return out;
};

describe("assemblePacket", () => {
  it("keeps every item as a part, its first section carrying the item's opening", async () => {
    const book = await packet();
    expect(book.parts.map((p) => [p.metadata.title, p.part])).toEqual([[expect.any(String), "One"], [expect.any(String), "One"], ["How Much Land Does a Man Need?", undefined]]);
    const openings = book.sections.filter((s) => s.opening);
    expect(openings.map((s) => [s.id, s.opening?.namespace, s.opening?.partStart?.title])).toEqual([["i1-s1", "i1-", "One"], ["i2-s1", "i2-", undefined], ["i3-s1", "i3-", undefined]]);
    expect(openings[0]?.opening?.editorialNote?.blocks.length).toBeGreaterThan(0);
    expect(book.sections.at(-1)?.id).toBe(SOURCES_ID);
  });

  it("every id is unique in the whole packet, even with the same manuscript twice", async () => {
    const all = ids(await packet());
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((id, i) => all.indexOf(id) !== i)).toEqual([]);
  });

  it("stores each item's images under its own folder and points the text at them", async () => {
    const book = await packet();
    const paths = book.assets.map((a) => a.path);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
    expect(paths.some((p) => p.startsWith("i1/")) && paths.some((p) => p.startsWith("i2/"))).toBe(true);
    for (const { block } of allBlocks(book)) for (const img of block.images) expect(paths).toContain(img.src);
  });

  it("nests the contents: parts hold items (title — author), items hold their headings", async () => {
    const book = await packet();
    const shape = (e: OutlineEntry): unknown => (e.kind ? { [e.kind]: e.text, children: e.children.filter((c) => c.kind).map(shape) } : e.text);
    expect(book.outline.map((e) => e.kind ?? e.text)).toEqual(["part", "item", "Sources and rights"]);
    expect((book.outline[0]?.children ?? []).map((c) => c.kind)).toEqual(["item", "item"]);
    const tolstoy = book.outline[1];
    expect(tolstoy?.text).toBe("How Much Land Does a Man Need? — Leo Tolstoy");
    // Titled as the item: its nine numbered sections hang under the item's entry directly.
    expect(tolstoy?.children.map((c) => c.text)).toEqual(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]);
    expect(shape(book.outline[0] as OutlineEntry)).toMatchObject({ part: "One" });
  });

  it("lists every item on the sources page with author, translator, source and rights", async () => {
    const sources = (await packet()).sections.at(-1);
    expect(sources?.blocks).toHaveLength(3);
    expect(sources?.blocks[2]?.text).toBe("How Much Land Does a Man Need? Leo Tolstoy. Translated by Louise Maude and Aylmer Maude. Written in Russian and first published in 1886; this translation by Louise and Aylmer Maude appeared in their collection Twenty-Three Tales (1906). Public domain in the United States.");
  });

  it("introduces a source with 'First published in' unless it says so itself", () => {
    expect(sourceLine({ source: "Workers World, 2024", firstPublished: "First published in" })).toBe("First published in Workers World, 2024");
    expect(sourceLine({ source: "First published in 1886.", firstPublished: "First published in" })).toBe("First published in 1886.");
    expect(sourceLine({ source: undefined, firstPublished: "First published in" })).toBeUndefined();
  });
});

describe("namespaceBook", () => {
  // The seed, notes (one on a chapter heading), images with an editorial note, links between files.
  for (const dir of [SEED_DIR, TOLSTOY_DIR, MANIFESTO_DIR, join(BOOKS_DIR, "article"), join(BOOKS_DIR, "cross-links")]) {
    it(`gives what assembling under the namespace gives: ${dir.split("/").slice(-2).join("/")}`, async () => {
      const plain = await item(dir, "");
      expect(namespaceBook({ book: plain, namespace: "i7-" })).toEqual(await item(dir, "i7-"));
    });
  }
});
