/**
 * The paragraphs a document shows its metadata in (Title, Subtitle, Author, Date, Abstract
 * styles) go to metadata.yaml and, but for the Abstract's, must not stay in the text as well. The
 * abstract is the author's own text (and metadata.yaml's description reaches no page), so it is
 * kept in the text too.
 *
 * .docx: pandoc takes such paragraphs out only when they open the document. The others can be
 * told from ordinary paragraphs only by reading with `docx+styles`, where they come as `Div` with a
 * `custom-style` attribute; but +styles also stops pandoc from applying character styles'
 * emphasis (Word's Emphasis and Strong styles), so the text itself is read without it and +styles
 * is read only to find which paragraphs to drop (styledMetadataParagraphs, dropParagraphs).
 *
 * .odt: pandoc (2.17 and 3.x) reports no metadata and leaves those paragraphs in the text, so
 * content.xml is read for the opening paragraphs in those styles, and the same leading
 * paragraphs are taken out of pandoc's blocks.
 */
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import type { DocumentMetadata } from "./document-meta.js";
import { blocksText, inlineText, isNode, type Json, type Node } from "./pandoc-ast.js";

export const METADATA_STYLES = ["Title", "Subtitle", "Author", "Date", "Abstract"] as const;
type MetadataStyle = (typeof METADATA_STYLES)[number];
const isMetadataStyle = (s: string | undefined): s is MetadataStyle => (METADATA_STYLES as readonly string[]).includes(s ?? "");

const norm = (s: string): string => s.replace(/\s+/g, " ").trim();

/** Every text the metadata paragraphs hold but the abstract (which stays), for recognising a paragraph that repeats it. */
function metadataTexts(m: DocumentMetadata): Set<string> {
  return new Set([m.title, m.subtitle, ...(m.authors ?? []), m.date].filter((t): t is string => t !== undefined).map(norm));
}

/** `("", [], [("custom-style", X)])` → X; anything with an id, class or other attribute → undefined. */
function customStyle(node: Node): { style: string; content: Json[] } | undefined {
  if ((node.t !== "Div" && node.t !== "Span") || !Array.isArray(node.c)) return undefined;
  const [attr, content] = node.c;
  if (!Array.isArray(attr) || !Array.isArray(content)) return undefined;
  const [id, classes, kvs] = attr;
  if (id !== "" || !Array.isArray(classes) || classes.length > 0 || !Array.isArray(kvs) || kvs.length !== 1) return undefined;
  const kv = kvs[0];
  if (!Array.isArray(kv) || kv[0] !== "custom-style" || typeof kv[1] !== "string") return undefined;
  return { style: kv[1], content };
}

/** The text of a Para or Plain, the key that matches a paragraph across the two readings. */
function paragraphText(node: Node): string | undefined {
  return (node.t === "Para" || node.t === "Plain") && Array.isArray(node.c) ? norm(inlineText(node.c)) : undefined;
}

/**
 * Visits every Para and Plain in document order, numbering each by how many paragraphs with the
 * same text came before it; `pick` sees each, and whether it sits inside a metadata-styled Div.
 */
function eachParagraph(options: { blocks: Json; known: Set<string>; pick: (at: { text: string; nth: number; styled: boolean }) => boolean }): void {
  const seen = new Map<string, number>();
  const visit = (value: Json, styled: boolean): void => {
    if (Array.isArray(value)) {
      const out: Json[] = [];
      for (const item of value) {
        const text = isNode(item) ? paragraphText(item) : undefined;
        let keep = true;
        if (text !== undefined) {
          const nth = seen.get(text) ?? 0;
          seen.set(text, nth + 1);
          keep = !options.pick({ text, nth, styled });
        }
        const style = isNode(item) ? customStyle(item) : undefined;
        const inMetadata = styled || (isNode(item) && item.t === "Div" && isMetadataStyle(style?.style) && options.known.has(norm(blocksText(style?.content ?? []))));
        if (keep) out.push(item);
        visit(item, inMetadata);
      }
      if (out.length !== value.length) value.splice(0, value.length, ...out);
    } else if (isNode(value)) {
      if (value.c !== undefined) visit(value.c, styled);
    }
  };
  visit(options.blocks, false);
}

/**
 * Whether the text (read without +styles) has a paragraph repeating the metadata; only then is the
 * +styles reading needed.
 */
export function repeatsMetadata(options: { blocks: Json; metadata: DocumentMetadata }): boolean {
  const known = metadataTexts(options.metadata);
  let found = false;
  eachParagraph({ blocks: options.blocks, known, pick: ({ text }) => ((found ||= known.has(text)), false) });
  return found;
}

/** In the +styles reading: the paragraphs in a metadata style that repeat the metadata, by number and text. */
export function styledMetadataParagraphs(options: { styledBlocks: Json; metadata: DocumentMetadata }): Set<string> {
  const known = metadataTexts(options.metadata);
  const found = new Set<string>();
  eachParagraph({ blocks: options.styledBlocks, known, pick: ({ text, nth, styled }) => (styled && known.has(text) && found.add(`${nth}\u0000${text}`), false) });
  return found;
}

/** Drops, in place, the paragraphs styledMetadataParagraphs found. Returns how many were dropped. */
export function dropParagraphs(options: { blocks: Json; paragraphs: Set<string> }): number {
  let dropped = 0;
  eachParagraph({ blocks: options.blocks, known: new Set(), pick: ({ text, nth }) => (options.paragraphs.has(`${nth}\u0000${text}`) ? (dropped++, true) : false) });
  return dropped;
}

function textOf(node: ChildNode): string {
  if (node.type === "text") return node.data;
  if (node.type === "tag" && node.name === "text:s") return " ".repeat(Number(node.attribs["text:c"] ?? "1") || 1);
  if (node.type === "tag" && (node.name === "text:tab" || node.name === "text:line-break")) return " ";
  return "children" in node ? node.children.map(textOf).join("") : "";
}

/** ODF writes spaces in style names as `_20_`. */
const styleName = (s: string | undefined): string => (s ?? "").replace(/_20_/g, " ");

/** The opening paragraphs of an .odt's content.xml that are in a metadata style, in order. */
export function odtLeadingMetadata(contentXml: string): { style: MetadataStyle; text: string }[] {
  const doc = parseDocument(contentXml, { xmlMode: true, decodeEntities: true });
  const all: Element[] = [];
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) if (n.type === "tag") (all.push(n), walk(n.children));
  };
  walk(doc.children);
  // Automatic styles (P1, P2…) stand for a named style plus local formatting.
  const parent = new Map<string, string>();
  for (const s of all) if (s.name === "style:style" && s.attribs["style:name"]) parent.set(s.attribs["style:name"], s.attribs["style:parent-style-name"] ?? "");
  const resolve = (name: string): string => styleName(parent.get(name) || name);
  const body = all.find((e) => e.name === "office:text");
  const out: { style: MetadataStyle; text: string }[] = [];
  for (const node of body?.children ?? []) {
    if (node.type !== "tag") continue;
    if (node.name.startsWith("text:sequence-decls") || node.name === "office:forms") continue;
    if (node.name !== "text:p" && node.name !== "text:h") break;
    const text = norm(textOf(node));
    if (text === "") continue;
    const style = resolve(node.attribs["text:style-name"] ?? "");
    if (!isMetadataStyle(style)) break;
    out.push({ style, text });
  }
  return out;
}

/** The metadata an .odt's opening paragraphs show. */
export function metadataFromParagraphs(paragraphs: readonly { style: MetadataStyle; text: string }[]): DocumentMetadata {
  const out: DocumentMetadata = {};
  const authors = paragraphs.filter((p) => p.style === "Author").map((p) => p.text);
  if (authors.length > 0) out.authors = authors;
  const abstract = paragraphs.filter((p) => p.style === "Abstract").map((p) => p.text).join(" ");
  if (abstract !== "") out.description = abstract;
  for (const p of paragraphs) {
    if (p.style === "Title" && out.title === undefined) out.title = p.text;
    if (p.style === "Subtitle" && out.subtitle === undefined) out.subtitle = p.text;
    if (p.style === "Date" && out.date === undefined) out.date = p.text;
  }
  return out;
}

/**
 * Drops the opening paragraphs of pandoc's blocks while each repeats, in order, one of the given
 * texts (the Title, Subtitle, Author and Date paragraphs), stepping over those that repeat one of
 * `keep` (the Abstract's, which stay in the text). Returns how many were dropped.
 */
export function dropLeadingParagraphs(options: { blocks: Json[]; texts: readonly string[]; keep: readonly string[] }): number {
  const texts = options.texts.map(norm);
  const keep = new Set(options.keep.map(norm));
  const blocks = options.blocks;
  let dropped = 0;
  let next = 0;
  let at = 0;
  while (at < blocks.length) {
    const block = blocks[at];
    if (!isNode(block) || !Array.isArray(block.c)) break;
    // pandoc 3 reads the indented Abstract paragraphs as a block quote; 2.17 and .docx as paragraphs.
    if (block.t === "BlockQuote" && block.c.length > 0 && block.c.every((b) => isNode(b) && keep.has(paragraphText(b) ?? "\u0000"))) {
      blocks.splice(at, 1, ...block.c);
      continue;
    }
    if (block.t !== "Para") break;
    const text = norm(inlineText(block.c));
    if (keep.has(text)) {
      at++;
      continue;
    }
    const found = texts.indexOf(text, next);
    if (found === -1) break;
    blocks.splice(at, 1);
    dropped++;
    next = found + 1;
  }
  return dropped;
}

/**
 * A .docx's abstract, which pandoc takes out of the text when it opens the document, goes back at
 * the start (with its emphasis): it is the author's text, and no edition shows metadata.yaml's
 * description. An abstract pandoc left in its place (after other text) stays there.
 */
export function restoreAbstract(options: { blocks: Json[]; abstract: Json | undefined }): void {
  const abstract = options.abstract;
  if (!isNode(abstract) || !Array.isArray(abstract.c)) return;
  const paragraphs: Json[] = abstract.t === "MetaBlocks" ? abstract.c : abstract.t === "MetaInlines" ? [{ t: "Para", c: abstract.c }] : [];
  const wanted = new Set(paragraphs.map((p) => (isNode(p) ? paragraphText(p) : undefined)).filter((t): t is string => t !== undefined && t !== ""));
  if (wanted.size === 0) return;
  eachParagraph({ blocks: options.blocks, known: new Set(), pick: ({ text }) => (wanted.delete(text), false) });
  if (wanted.size > 0) options.blocks.unshift(...paragraphs);
}
