/**
 * The EPUB 3 edition: our own packager (not epub-gen-memory, which reads file:// URLs from disk,
 * fetches remote ones, keeps scripts and invents identifiers, rights and dates). Everything comes
 * from the Book and the templates; resources only from the Book's own assets and the bundled
 * typeface; the zip is deterministic. Pure: no disk, no clock, no network.
 */
import { trace } from "../../stages.js";
import { diag, type Diagnostic } from "../../diagnostics.js";
import { allBlocks, type Book } from "../../model/book.js";
import type { BrowserSession } from "../browser.js";
import { epubFontFiles, fontFaceCss, mathFontFiles } from "../fonts.js";
import { TemplateRenderError, type Templates } from "../templates.js";
import type { PageStart, RenderResult } from "../types.js";
import { accessibilityFacts, accessibilityMetadata } from "./accessibility.js";
import { makeCover } from "./cover.js";
import { preparedCover, type CoverResult } from "./early-cover.js";
import { documentPlaces, draftDocuments, finishDocuments, type DocumentPlaces, type DraftDocuments } from "./documents.js";
import { packageData, renderPackageOpf, type ManifestItem, type SpineItem } from "./package-opf.js";
import { pageBreaksOf } from "./page-list.js";
import { withPlainAssetNames } from "./asset-names.js";
import { labelsFor, type Labels } from "../labels.js";
import { bookText } from "../book-text.js";
import { hasInlineSvg, pathHref } from "./xhtml.js";
import { hasMathml } from "../../model/mathml.js";
import { zipEpub, type ZipEntry } from "./zip.js";
import { displayBook } from "../typographic.js";

export const EPUB_MEDIA_TYPE = "application/epub+zip";

const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

export interface RenderEpubOptions {
  book: Book;
  templates: Templates;
  /** Where each printed page starts (from the print edition): adds page breaks and a page list. */
  pageStarts?: PageStart[];
  /** Not needed any more (the generated cover is drawn by resvg); accepted so older callers compile. */
  browser?: BrowserSession;
  labels?: Labels;
}

function coverFor({ book, templates, labels }: { book: Book; templates: Templates; labels: Labels }): Promise<CoverResult> {
  return preparedCover({ metadata: book.metadata, templates }) ?? makeCover({ book: withPlainAssetNames(book), templates, labels });
}

export async function renderEpub(options: RenderEpubOptions): Promise<RenderResult> {
  const { templates, pageStarts, browser } = options;
  const timings: Record<string, number> = {};
  const diagnostics: Diagnostic[] = [];
  const started = performance.now();
  try {
    const artifact = await build({ book: options.book, templates, pageStarts, browser, diagnostics, timings, ...(options.labels ? { labels: options.labels } : {}) });
    timings.total = performance.now() - started;
    return { artifacts: [artifact], diagnostics, timings };
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    diagnostics.push(diag("render/template", { message: error.message, file: error.file.path, ...(error.line ? { line: error.line } : {}) }));
    return { artifacts: [], diagnostics, timings };
  }
}

/** What the EPUB needs before the print edition's page starts: fonts, cover, and the documents drafted with slots for the page markers. */
interface Drafted {
  /** The Book with its assets' plain names, and as pages show it (typographic quotes). */
  book: Book;
  shown: Book;
  labels: Labels;
  fonts: Awaited<ReturnType<typeof mathFontFiles>>;
  cover: CoverResult;
  places: DocumentPlaces;
  draft: DraftDocuments;
  ms: { cover: number; draft: number };
}

const drafted = new WeakMap<Book, { templates: Templates; labels: Labels | undefined; value: Promise<Drafted> }>();

function draftOf({ book: input, templates, labels: given }: { book: Book; templates: Templates; labels: Labels | undefined }): Promise<Drafted> {
  const kept = drafted.get(input);
  if (kept && kept.templates === templates && kept.labels === given) return kept.value;
  const value = (async (): Promise<Drafted> => {
    const book = withPlainAssetNames(input);
    const fonts = [...epubFontFiles({ text: bookText(book) }), ...(await mathFontFiles({ book }))];
    const labels = given ?? labelsFor({ metadata: book.metadata, templates });
    const started = performance.now();
    const cover = await coverFor({ book, templates, labels });
    const covered = performance.now();
    const places = documentPlaces(book);
    // Pages show metadata with typographic quotes, as print does; the package's dc:title keeps it as typed.
    const shown = displayBook(book);
    const draft = await draftDocuments({ book: shown, templates, cover: cover.cover, labels, places });
    return { book, shown, labels, fonts, cover, places, draft, ms: { cover: covered - started, draft: performance.now() - covered } };
  })();
  // A failure surfaces where the EPUB is put together (renderEpub), not as an unhandled rejection.
  value.catch(() => undefined);
  drafted.set(input, { templates, labels: given, value });
  return value;
}

/**
 * Starts the EPUB's cover and documents before the print edition's page starts are known
 * (render/run-targets.ts calls it while typst typesets, when this thread would only wait):
 * renderEpub then fills in the page markers and puts the package together. An 800-page book's
 * documents took ~0.1 s after typst, a 50-item packet's ~0.15 s, on the path to both editions.
 */
export function draftEpub(input: { book: Book; templates: Templates; labels?: Labels }): void {
  void draftOf({ book: input.book, templates: input.templates, labels: input.labels });
}

async function build(o: RenderEpubOptions & { diagnostics: Diagnostic[]; timings: Record<string, number> }) {
  const { templates, diagnostics, timings } = o;
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = now - t;
    trace(`epub ${name} of ${o.book.metadata.slug}: ${(now - t).toFixed(0)} ms`);
    t = now;
  };

  const drafts = await draftOf({ book: o.book, templates, labels: o.labels });
  const { book, labels, fonts, places } = drafts;
  const m = book.metadata;
  const cover = drafts.cover.cover;
  diagnostics.push(...drafts.cover.diagnostics);
  for (const image of imagesWithoutAlt(book)) {
    diagnostics.push(diag("render/image-alt", { message: `the image "${image.src}" has no alternative text; add it as ![text](${image.src})`, file: image.file, ...(image.line !== undefined ? { line: image.line } : {}) }));
  }
  // The cover's and the draft's own times (begun early, they mostly overlap the print edition's),
  // then how long this call waited for them.
  timings.cover = drafts.ms.cover;
  timings.draft = drafts.ms.draft;
  lap("wait");

  const hasPages = (o.pageStarts?.length ?? 0) > 0;
  // Page markers go into the sections' documents (the editorial note precedes the text's pages).
  const documentOf = (blockId: string): string | undefined => {
    const owner = places.owners.get(blockId);
    return owner === undefined || owner === "editorial-note" ? undefined : places.hrefs[owner];
  };
  const { markers, targets: pages } = pageBreaksOf({ pageStarts: o.pageStarts ?? [], documentOf });
  const documents = await finishDocuments({ book: drafts.shown, templates, labels, places, draft: drafts.draft, pageBreaks: markers, pages });
  lap("documents");

  const pageBreakSource = hasPages && pages.length > 0 ? `${m.title}, print edition (${m.print.trim.name} trim) of ${m.identifier.urn}` : undefined;
  const facts = accessibilityFacts({ book, hasPageList: pages.length > 0, ...(pageBreakSource ? { pageBreakSource } : {}) });
  const accessibility = accessibilityMetadata({ facts, sectionCount: book.sections.length });

  const base = templates.has("base.css") ? templates.text("base.css") : "";
  const epubCss = templates.has("epub.css") ? templates.text("epub.css") : "";
  const css = `${fontFaceCss({ files: fonts, urlPrefix: "../fonts/" })}\n\n${base}\n\n${epubCss}\n`;

  const manifest: ManifestItem[] = [];
  const entries: ZipEntry[] = [{ path: "META-INF/container.xml", bytes: CONTAINER_XML }];
  const content: ZipEntry[] = [];
  for (const doc of documents) {
    const props = [doc.kind === "nav" ? "nav" : "", hasMathml(doc.xhtml) ? "mathml" : "", hasInlineSvg(doc.xhtml) ? "svg" : ""].filter(Boolean).join(" ");
    manifest.push({ id: doc.id, href: doc.href, mediaType: "application/xhtml+xml", ...(props ? { properties: props } : {}) });
    content.push({ path: `EPUB/${doc.href}`, bytes: doc.xhtml });
  }
  manifest.push({ id: "css", href: "css/book.css", mediaType: "text/css" });
  content.push({ path: "EPUB/css/book.css", bytes: css });
  fonts.forEach((f, i) => {
    manifest.push({ id: `font-${i + 1}`, href: `fonts/${f.fileName}`, mediaType: f.mediaType });
    content.push({ path: `EPUB/fonts/${f.fileName}`, bytes: f.bytes });
  });
  if (!cover.fromAssets) {
    manifest.push({ id: "cover-image", href: pathHref(cover.href), mediaType: cover.mediaType, properties: "cover-image" });
    content.push({ path: `EPUB/${cover.href}`, bytes: cover.bytes });
  }
  [...book.assets]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .forEach((asset, i) => {
      const isCover = cover.fromAssets && asset.path === cover.href;
      manifest.push({ id: isCover ? "cover-image" : `asset-${i + 1}`, href: pathHref(asset.path), mediaType: asset.mediaType, ...(isCover ? { properties: "cover-image" } : {}) });
      content.push({ path: `EPUB/${asset.path}`, bytes: asset.bytes });
    });

  const spine: SpineItem[] = documents.map((d) => ({ idref: d.id, linear: true }));
  const data = packageData({ metadata: m, modified: book.modified, accessibility, manifest, spine, ...(book.parts.length ? { parts: book.parts.map((p) => p.metadata) } : {}) });
  const opf = await renderPackageOpf({ templates, data });
  entries.push({ path: "EPUB/package.opf", bytes: opf }, ...content);
  lap("package");

  const bytes = await zipEpub({ entries, modified: book.modified });
  lap("zip");
  return { name: `${m.slug}.epub`, mediaType: EPUB_MEDIA_TYPE, bytes };
}

function imagesWithoutAlt(book: Book): Array<{ src: string; file: string; line?: number }> {
  const out: Array<{ src: string; file: string; line?: number }> = [];
  for (const { block } of allBlocks(book)) {
    for (const img of block.images) if (!img.alt || !img.alt.trim()) out.push({ src: img.src, file: block.sourceFile, ...(block.line !== undefined ? { line: block.line } : {}) });
  }
  return out;
}
