/**
 * Test Books come from tiny fixture manuscripts through the real load → convert → model path
 * (real pandoc), never built by hand, so a test can only see a Book the model really makes.
 * Loaded once per folder and handed out as deep copies, so a test may change its copy.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBook } from "../../src/load-book.js";
import type { Book, BookMetadata, PrintOptions } from "../../src/model/book.js";
import type { Templates } from "../../src/render/templates.js";

export const ROOT = join(import.meta.dirname, "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures");
/** The repository's own manuscript: the seed, imported unmodified. */
export const SEED_DIR = join(ROOT, "manuscript");
export const CORPUS_DIR = join(FIXTURES, "corpus");
export const BOOKS_DIR = join(FIXTURES, "books");
export const CHAPTERS_DIR = join(BOOKS_DIR, "chapters");
export const FEATURES_DIR = join(FIXTURES, "html-features");
export const TOLSTOY_DIR = join(CORPUS_DIR, "how-much-land-does-a-man-need");
export const MANIFESTO_DIR = join(CORPUS_DIR, "communist-manifesto");

const cache = new Map<string, Promise<{ book: Book; templates: Templates }>>();

async function load(dir: string): Promise<{ book: Book; templates: Templates }> {
  const loaded = await loadBook({ dir, cwd: ROOT, env: { SOURCE_DATE_EPOCH: "" } as NodeJS.ProcessEnv });
  if (!loaded.value) throw new Error(`fixture ${dir} did not load: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
  return { book: loaded.value.book, templates: loaded.value.templates };
}

export interface FixtureOptions {
  /** Metadata fields to change after loading (e.g. print options, or hostile strings). */
  metadata?: Partial<BookMetadata>;
  /** Print options to change, over the loaded ones (trim, bleed, paper, preflight). */
  print?: Partial<PrintOptions>;
}

/** The Book (and the templates it was loaded with) of a fixture manuscript folder. */
export async function fixtureBook(dir: string, { metadata, print }: FixtureOptions = {}): Promise<{ book: Book; templates: Templates }> {
  let pending = cache.get(dir);
  if (!pending) {
    pending = load(dir);
    cache.set(dir, pending);
  }
  const { book, templates } = await pending;
  const copy = structuredClone(book);
  if (metadata) copy.metadata = { ...copy.metadata, ...metadata };
  if (print) copy.metadata.print = { ...copy.metadata.print, ...print };
  return { book: copy, templates };
}

export const seedBook = async (options: FixtureOptions = {}): Promise<Book> => (await fixtureBook(SEED_DIR, options)).book;
export const chaptersBook = async (options: FixtureOptions = {}): Promise<Book> => (await fixtureBook(CHAPTERS_DIR, options)).book;
export const featuresBook = async (options: FixtureOptions = {}): Promise<Book> => (await fixtureBook(FEATURES_DIR, options)).book;
export const tolstoyBook = async (options: FixtureOptions = {}): Promise<Book> => (await fixtureBook(TOLSTOY_DIR, options)).book;
export const manifestoBook = async (options: FixtureOptions = {}): Promise<Book> => (await fixtureBook(MANIFESTO_DIR, options)).book;
export const booksFixture = async (name: string, options: FixtureOptions = {}): Promise<Book> => (await fixtureBook(join(BOOKS_DIR, name), options)).book;

/** Metadata an attacker wrote: every field tries to break out of its context. */
export const HOSTILE = `</script><script>alert(1)</script>{{ 1000 | plus: 337 }}<b>bold</b>"'&amp;`;

export const hostileMetadata = (): Partial<BookMetadata> => ({
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

export const ARTICLE_DIR = join(BOOKS_DIR, "article");
/** The seed's shape in miniature: an untitled article with level-2 headings, an editorial note, a note, a figure. */
export const articleBook = async (options: FixtureOptions = {}): Promise<Book> => (await fixtureBook(ARTICLE_DIR, options)).book;

/**
 * The Tolstoy story with each of its nine chapters (`## I`…`## IX`) made a level-1 heading, so
 * each opens its own section (recto openers, blank versos): written from the corpus file into a
 * temporary manuscript folder, then loaded like any other, so the text is never copied by hand.
 */
export async function tolstoyChaptersBook(options: FixtureOptions = {}): Promise<Book> {
  const dir = join(tmpdir(), `imprint-test-tolstoy-chapters-${process.pid}`);
  if (!cache.has(dir)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "metadata.yaml"), readFileSync(join(TOLSTOY_DIR, "metadata.yaml")));
    const md = readFileSync(join(TOLSTOY_DIR, "01-how-much-land-does-a-man-need.md"), "utf8");
    writeFileSync(join(dir, "01-chapters.md"), md.replace(/^# .*\n/m, "").replace(/^## /gm, "# "));
  }
  return (await fixtureBook(dir, options)).book;
}
