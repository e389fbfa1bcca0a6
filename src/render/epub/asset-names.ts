/**
 * File names inside the EPUB: a manuscript may name an image `photo #1?.png`, which is fine on
 * disk and in the other editions, but EPUBCheck 4.2 and reading systems differ on how they
 * decode `%23`/`%3F` in package hrefs. Inside the EPUB the book's files get plain names
 * (letters, digits, `.`, `_`, `-`, `/`), and the text's references follow them.
 */
import { rewriteAttributes } from "../../model/attributes.js";
import type { Asset, Block, Book, Note } from "../../model/book.js";
import { pathHref } from "./xhtml.js";

const SAFE = /^[A-Za-z0-9._/-]+$/;

export function withPlainAssetNames(book: Book): Book {
  if (book.assets.every((a) => SAFE.test(a.path))) return book;
  const taken = new Set(book.assets.filter((a) => SAFE.test(a.path)).map((a) => a.path));
  const renamed = new Map<string, string>();
  const assets: Asset[] = book.assets.map((a) => {
    if (SAFE.test(a.path)) return a;
    const base = a.path.replace(/[^A-Za-z0-9._/-]/g, "_");
    let name = base;
    for (let k = 2; taken.has(name); k++) name = base.replace(/(\.[^./]+)?$/, `-${k}$1`);
    taken.add(name);
    renamed.set(pathHref(a.path), name);
    return { ...a, path: name };
  });
  const fix = (html: string): string =>
    rewriteAttributes({ html, rewrite: (tag, name, value) => ((tag === "img" && name === "src") || (tag === "a" && name === "href") ? (renamed.get(value) ?? value) : value) });
  const blocks = (list: readonly Block[]): Block[] => list.map((b) => ({ ...b, html: fix(b.html), images: b.images.map((i) => ({ ...i, src: renamed.get(i.src) ?? i.src })) }));
  const notes = (list: readonly Note[]): Note[] => list.map((n) => ({ ...n, html: fix(n.html) }));
  const out: Book = {
    ...book,
    assets,
    sections: book.sections.map((s) => {
      const en = s.opening?.editorialNote;
      return { ...s, blocks: blocks(s.blocks), notes: notes(s.notes), ...(s.opening && en ? { opening: { ...s.opening, editorialNote: { ...en, blocks: blocks(en.blocks), notes: notes(en.notes) } } } : {}) };
    }),
  };
  if (book.editorialNote) out.editorialNote = { ...book.editorialNote, blocks: blocks(book.editorialNote.blocks), notes: notes(book.editorialNote.notes) };
  const cover = book.metadata.cover;
  if (cover !== undefined && renamed.has(pathHref(cover))) out.metadata = { ...book.metadata, cover: renamed.get(pathHref(cover)) ?? cover };
  return out;
}
