/**
 * .docx and .odt through pandoc to Markdown, and the small Markdown helpers the importer needs.
 *
 * The document goes to pandoc's JSON AST, every text run is escaped by our own rules
 * (pandoc-ast.ts), and pandoc's Markdown writer then writes the structure around it. Left to
 * itself, pandoc's round trip is not faithful: measured on the seed as a .docx, its writer
 * turned `-–` into `---` (an em dash on reading), its reader put a no-break space after `Ph.D.`
 * and 2.17 dropped the space in `… ”`.
 *
 * Images: read from the document's zip (size-checked, see zip.ts), given safe names under
 * images/, and the references rewritten to them (images.ts).
 *
 * Kept from the document: its metadata (document-meta.ts, without repeating the metadata
 * paragraphs in the text: metadata-blocks.ts); reported: comments and tracked changes
 * (review-marks.ts); guessed when the document does not say: the language (language.ts).
 */
import { parse as parseYaml } from "yaml";
import { PandocError, type PandocBackend } from "../convert/types.js";
import { diag, type Diagnostic } from "../diagnostics.js";
import { fromDocxProperties, fromOdtMeta, fromPandocMeta, mergeMetadata, withIsoDate, type DocumentMetadata } from "./document-meta.js";
import { planImages, unshowableImage, type PlannedImage } from "./images.js";
import { detectLanguage } from "./language.js";
import { scriptMisfit } from "../check/language-script.js";
import { startingMetadataYaml, titleFromFileName } from "./metadata.js";
import { dropLeadingParagraphs, dropParagraphs, metadataFromParagraphs, odtLeadingMetadata, repeatsMetadata, restoreAbstract, styledMetadataParagraphs } from "./metadata-blocks.js";
import { escapedTextAsHtmlInTables, hasSpannedCells } from "./table-spans.js";
import { escapePandocBlocks, isNode, type Json } from "./pandoc-ast.js";
import { blankValuesDropped, tidyAttributes } from "./attributes.js";
import { applyReviewMarks, reviewMessages, type CommentMode } from "./review-marks.js";
import { MIB, openDocumentZip, type DocumentZip } from "./zip.js";

interface Planned {
  path: string;
  bytes: Uint8Array | string;
}

export interface WordImportOptions {
  file: string;
  bytes: Uint8Array;
  format: "docx" | "odt";
  pandoc: PandocBackend | undefined;
  timeoutMs: number;
  /** Comments: left out with a warning (default), or kept as footnotes. */
  comments?: CommentMode;
  /** A BCP 47 tag that overrides whatever the document says or the text suggests. */
  language?: string;
  /** The unpacked size the document may have, in bytes (see zip.ts). */
  maxUnpackedBytes: number;
}

const decode = (bytes: Uint8Array | undefined): string | undefined => (bytes ? new TextDecoder().decode(bytes) : undefined);

/** The document's own properties part(s), and for .odt the metadata paragraphs it opens with. */
async function propertyMetadata(zip: DocumentZip, format: "docx" | "odt"): Promise<{ metadata: DocumentMetadata; leading: string[]; abstract: string[] }> {
  if (format === "docx") {
    return { metadata: fromDocxProperties({ coreXml: decode(await zip.read("docProps/core.xml")), stylesXml: decode(await zip.read("word/styles.xml")) }), leading: [], abstract: [] };
  }
  const content = decode(await zip.read("content.xml"));
  const paragraphs = content ? odtLeadingMetadata(content) : [];
  const meta = fromOdtMeta(decode(await zip.read("meta.xml")));
  // The abstract's paragraphs (and one repeating the file's description) stay in the text.
  const abstract = paragraphs.filter((p) => p.style === "Abstract").map((p) => p.text);
  if (meta.description !== undefined) abstract.push(meta.description);
  return { metadata: mergeMetadata(metadataFromParagraphs(paragraphs), meta), leading: paragraphs.filter((p) => p.style !== "Abstract").map((p) => p.text), abstract };
}

/** Every Str of the blocks, for guessing the language. */
function plainText(value: Json, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) plainText(v, out);
  else if (isNode(value)) {
    if (value.t === "Str" && typeof value.c === "string") out.push(value.c);
    else if (value.c !== undefined) plainText(value.c, out);
  }
  return out;
}

/** Whether the blocks hold any words, code, maths or image: what a page could show. */
function hasContent(value: Json): boolean {
  if (Array.isArray(value)) return value.some(hasContent);
  if (!isNode(value)) return false;
  if (value.t === "Str") return typeof value.c === "string" && value.c.trim() !== "";
  if (value.t === "Image" || value.t === "Code" || value.t === "CodeBlock" || value.t === "Math") return true;
  return value.c !== undefined && hasContent(value.c);
}

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** False when most of the text's letters are clearly in another script than the language's ("ru-RU" for English text). */
const fitsScript = ({ language, text }: { language: string; text: string }): boolean => scriptMisfit({ language, text, minLetters: 20 }) === undefined;

/**
 * The language to write: --language, else the document's own unless its text reads, confidently,
 * as another (a .docx's languages are Word's editing language as often as the text's: a confident
 * reading of the text beats them), else the text's, else "en" marked as a guess.
 */
function chooseLanguage(options: { file: string; override?: string; declared?: string; fallback?: string; text: string; diagnostics: Diagnostic[] }): { language?: string; languageGuess?: string } {
  if (options.override) return { language: options.override };
  const detected = detectLanguage({ text: options.text });
  if (options.declared) {
    const primary = (tag: string) => tag.split("-")[0]?.toLowerCase();
    // Word writes its editing language there as often as the text's: a text that reads,
    // confidently, as another language wins, said in the file and in a warning.
    // So does a text whose letters are in another script than the declared language's (an English text declared "ru-RU").
    const misfit = isLanguageTag(options.declared) && primary(detected.language) !== primary(options.declared) && (detected.confident || !fitsScript({ language: options.declared, text: options.text }));
    if (misfit) {
      options.diagnostics.push(diag("import/metadata", { file: options.file, field: "language", severity: "warning", message: `the document says its language is "${options.declared}", but its text reads as "${detected.language}"${detected.confident ? "" : " (from its script)"}, which metadata.yaml was given; check it` }));
      return { language: detected.language, languageGuess: `the document says "${options.declared}", its text reads as this: check it (BCP 47)` };
    }
    if (isLanguageTag(options.declared)) return { language: options.declared };
    options.diagnostics.push(diag("import/metadata", { file: options.file, field: "language", message: `the document's language "${options.declared}" is not a BCP 47 tag, so it was not used` }));
  }
  if (detected.confident) return { language: detected.language, languageGuess: "detected from the text: check it (BCP 47)" };
  // Word's default language is its editing language as often as the text's: used only when the text's letters could be written in it.
  if (options.fallback && isLanguageTag(options.fallback) && fitsScript({ language: options.fallback, text: options.text })) return { language: options.fallback, languageGuess: "the document's default language: check it (BCP 47)" };
  if (detected.language !== "en") return { language: detected.language, languageGuess: "a guess from the text's script: check it (BCP 47)" };
  return {};
}

export async function importWithPandoc(options: WordImportOptions): Promise<{ files: Planned[]; diagnostics: Diagnostic[] }> {
  const { file, format } = options;
  if (!options.pandoc) {
    return { files: [], diagnostics: [diag("convert/pandoc-missing", { file, message: `importing .${format} needs pandoc, and none was given` })] };
  }
  // The size check comes before pandoc sees a byte: pandoc would inflate a zip bomb in memory.
  const opened = await openDocumentZip({ file, bytes: options.bytes, format, maxUnpackedBytes: options.maxUnpackedBytes });
  if (!opened.zip) return { files: [], diagnostics: opened.diagnostics };
  const zip = opened.zip;
  const diagnostics: Diagnostic[] = [];
  const comments = options.comments ?? "drop";
  let markdown: string;
  let metadata: DocumentMetadata;
  let languageFallback: string | undefined;
  let text: string;
  let images: PlannedImage[];
  try {
    const base = { sourceFile: file, timeoutMs: options.timeoutMs };
    // docx: all marks show review changes (accepted or counted by review-marks.ts).
    const read = (from: string) => options.pandoc!.run({ ...base, input: "", inputBytes: options.bytes, from, to: "json", ...(format === "docx" ? { args: ["--track-changes=all"] } : {}) });
    const ast = await read(format);
    const doc = JSON.parse(ast.output) as { blocks?: Json[]; meta?: Record<string, Json> };
    const blocks = doc.blocks ?? [];
    const properties = await propertyMetadata(zip, format);
    const { language: propertyLanguage, ...fromProperties } = properties.metadata;
    // Only a language the document states outright counts as declared; styles.xml's is a default.
    metadata = mergeMetadata(fromPandocMeta(doc.meta), format === "odt" ? properties.metadata : fromProperties);
    if (format === "docx") {
      const core = fromDocxProperties({ coreXml: decode(await zip.read("docProps/core.xml")) }).language;
      if (core !== undefined && metadata.language === undefined) metadata.language = core;
      if (metadata.language === undefined) languageFallback = propertyLanguage;
      // A second reading, with +styles, tells the metadata paragraphs pandoc left in the text
      // from ordinary ones that happen to say the same (metadata-blocks.ts).
      if (repeatsMetadata({ blocks, metadata })) {
        const styled = JSON.parse((await read("docx+styles")).output) as { blocks?: Json[] };
        dropParagraphs({ blocks, paragraphs: styledMetadataParagraphs({ styledBlocks: styled.blocks ?? [], metadata }) });
      }
      restoreAbstract({ blocks, abstract: doc.meta?.abstract });
    } else {
      dropLeadingParagraphs({ blocks, texts: properties.leading, keep: properties.abstract });
    }
    const counts = applyReviewMarks({ blocks, comments });
    const messages = reviewMessages({ counts, comments });
    if (messages.comments) diagnostics.push(diag("import/comments", { file, message: messages.comments }));
    if (messages.changes) diagnostics.push(diag("import/tracked-changes", { file, message: messages.changes }));
    text = plainText(blocks).join(" ");
    // As for a .txt: an empty 01-text.md would only fail later, at the build, far from its cause.
    if (!hasContent(blocks)) {
      return { files: [], diagnostics: [...diagnostics, diag("load/no-text", { file, message: "the document has no text to import (text inside shapes, text boxes or drawings is not read: move it into ordinary paragraphs); nothing was written" })] };
    }
    images = planImages({ file, zip, format, blocks, diagnostics });
    tidyAttributes(blocks);
    escapePandocBlocks(blocks);
    // A table with spanned cells as HTML, not as a grid table pandoc 2.17 would print as text.
    const spans = hasSpannedCells(blocks);
    if (spans) escapedTextAsHtmlInTables(blocks);
    const to = spans ? "markdown-grid_tables" : "markdown";
    const out = await options.pandoc.run({ ...base, input: JSON.stringify({ ...doc, blocks, meta: {} }), from: "json", to, args: ["--wrap=none"] });
    markdown = blankValuesDropped(out.output);
    for (const w of [...ast.warnings, ...out.warnings]) diagnostics.push(diag("convert/pandoc-warning", { file, message: w }));
  } catch (error) {
    if (!(error instanceof PandocError)) throw error;
    const code = error.kind === "missing" ? "convert/pandoc-missing" : error.kind === "timeout" ? "convert/timeout" : error.kind === "memory" ? "convert/memory" : "convert/pandoc-failed";
    return { files: [], diagnostics: [...diagnostics, diag(code, { file, message: error.message })] };
  }

  const files: Planned[] = [];
  let unpacked = 0;
  for (const image of images) {
    const bytes = await zip.read(image.entry);
    if (!bytes) {
      diagnostics.push(diag("load/unreadable", { file, field: image.entry, message: `the image ${image.entry} is damaged (it does not unpack to the size the document states), so it was left out` }));
      continue;
    }
    // The directory check bounds what the headers claim; this bounds what was really unpacked.
    unpacked += bytes.length;
    if (unpacked > options.maxUnpackedBytes) {
      return { files: [], diagnostics: [...diagnostics, diag("import/zip-limit", { file, field: image.entry, message: `the document's images unpack to more than ${Math.round(options.maxUnpackedBytes / MIB)} MiB (reached at ${image.entry}); nothing was written` })] };
    }
    const unshowable = unshowableImage({ file, image, bytes });
    if (unshowable) diagnostics.push(unshowable);
    files.push({ path: image.path, bytes });
  }
  const dated = withIsoDate({ file, metadata });
  diagnostics.push(...dated.diagnostics);
  const { title, language, ...rest } = dated.metadata;
  const chosen = chooseLanguage({ file, ...(options.language ? { override: options.language } : {}), ...(language ? { declared: language } : {}), ...(languageFallback ? { fallback: languageFallback } : {}), text, diagnostics });
  files.unshift({ path: "01-text.md", bytes: markdown.endsWith("\n") ? markdown : `${markdown}\n` });
  files.unshift({ path: "metadata.yaml", bytes: startingMetadataYaml({ ...rest, ...chosen, title: title ?? markdownTitle(markdown) ?? titleFromFileName(file) }) });
  return { files, diagnostics };
}

/** The text of the first level-1 ATX heading, without inline markup characters; a title guess. */
export function markdownTitle(markdown: string): string | undefined {
  const match = /^#\s+(.+?)\s*#*\s*$/m.exec(markdown);
  if (!match?.[1]) return undefined;
  const text = match[1].replace(/\[\]\{[^}]*\}/g, "").replace(/\{[^}]*\}$/, "").replace(/\\(.)/g, "$1").replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/[*_`]/g, "").trim();
  return text === "" ? undefined : text;
}

/** Known string fields moved from a Markdown file's leading YAML block into metadata.yaml. */
const FRONT_MATTER_FIELDS: Record<string, string> = { title: "title", subtitle: "subtitle", date: "date", lang: "language", language: "language", description: "description" };

export function splitFrontMatter(text: string): { frontMatter: Record<string, string>; body: string } {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { frontMatter: {}, body: text };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "");
  } catch {
    return { frontMatter: {}, body: text };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return { frontMatter: {}, body: text };
  const frontMatter: Record<string, string> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const field = FRONT_MATTER_FIELDS[key];
    if (field && (typeof value === "string" || typeof value === "number")) frontMatter[field] = String(value);
  }
  return { frontMatter, body: text.slice(match[0].length).replace(/^\s*\n/, "") };
}
