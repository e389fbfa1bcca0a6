/**
 * The paragraphs a document shows its metadata in (Title, Subtitle, Author, Date, Abstract
 * styles) go to metadata.yaml and must not stay in the text as well.
 *
 * .docx: pandoc takes such paragraphs out only when they open the document; read with
 * `docx+styles`, the others come as `Div` with a `custom-style` attribute, and are dropped here
 * when they repeat the metadata. Every other custom-style wrapper (Body Text, First Paragraph, a
 * character style…) is unwrapped, so the AST is what plain `docx` gives.
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

/** Every text the metadata holds, for recognising a paragraph that repeats it. */
function metadataTexts(m: DocumentMetadata): Set<string> {
  return new Set([m.title, m.subtitle, ...(m.authors ?? []), m.date, m.description].filter((t): t is string => t !== undefined).map(norm));
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

/**
 * Unwraps docx+styles' custom-style Divs and Spans in place and drops metadata-styled Divs that
 * repeat the metadata. Returns how many paragraphs were dropped.
 */
export function dropStyledMetadata(options: { blocks: Json; metadata: DocumentMetadata }): number {
  const known = metadataTexts(options.metadata);
  let dropped = 0;
  const visit = (value: Json): void => {
    if (Array.isArray(value)) {
      const out: Json[] = [];
      let changed = false;
      for (const item of value) {
        const styled = isNode(item) ? customStyle(item) : undefined;
        if (!styled) {
          visit(item);
          out.push(item);
          continue;
        }
        changed = true;
        if (isNode(item) && item.t === "Div" && isMetadataStyle(styled.style) && known.has(norm(blocksText(styled.content)))) {
          dropped++;
          continue;
        }
        visit(styled.content);
        out.push(...styled.content);
      }
      if (changed) value.splice(0, value.length, ...out);
    } else if (isNode(value)) {
      if (value.c !== undefined) visit(value.c);
    } else if (typeof value === "object" && value !== null) {
      for (const v of Object.values(value)) visit(v);
    }
  };
  visit(options.blocks);
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
 * texts (the metadata paragraphs), plus a following one that repeats the abstract. Returns how
 * many were dropped.
 */
export function dropLeadingParagraphs(options: { blocks: Json[]; texts: readonly string[]; abstract?: string }): number {
  const texts = [...options.texts.map(norm), ...(options.abstract ? [norm(options.abstract)] : [])];
  let dropped = 0;
  let next = 0;
  while (next < texts.length) {
    const first = options.blocks[0];
    if (!isNode(first) || first.t !== "Para" || !Array.isArray(first.c)) break;
    const text = norm(inlineText(first.c));
    const at = texts.indexOf(text, next);
    if (at === -1) break;
    options.blocks.shift();
    dropped++;
    next = at + 1;
  }
  return dropped;
}
