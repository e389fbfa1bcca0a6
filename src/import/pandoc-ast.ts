/**
 * Escaping text inside a pandoc document (JSON AST) so that pandoc's own Markdown writer keeps
 * the structure (lists, tables, notes, links, images) while every character of the text comes
 * back exactly: each `Str` becomes a raw Markdown inline holding our escaped text, decided with
 * the whole paragraph in view. pandoc's writer would otherwise turn curly quotes straight and
 * `-–` into `---`, and its reader would add no-break spaces after abbreviations.
 */
import { escapeLineStart, escapeTokens } from "./escape-markdown.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface Node {
  t: string;
  c?: Json;
}

const INLINE_TYPES = new Set([
  "Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Quoted", "Cite",
  "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link", "Image", "Note", "Span",
]);
/** Inline containers and where their inline content sits in `c`. */
const CONTENT_AT: Record<string, number | undefined> = {
  Emph: -1, Underline: -1, Strong: -1, Strikeout: -1, Superscript: -1, Subscript: -1, SmallCaps: -1,
  Quoted: 1, Cite: 1, Link: 1, Image: 1, Span: 1,
};
/** Stands for code, maths and raw inlines in the paragraph's text: opaque, never escaped. */
const OPAQUE = "\uFFFC";

export const isNode = (v: Json | undefined): v is Json & Node =>
  typeof v === "object" && v !== null && !Array.isArray(v) && typeof v.t === "string";
export const isInlineList = (v: Json[]): boolean => v.length > 0 && v.every((x) => isNode(x) && INLINE_TYPES.has(x.t));

function contentOf(node: Node): Json[] | undefined {
  const at = CONTENT_AT[node.t];
  if (at === undefined) return undefined;
  const c = node.c;
  if (at === -1) return Array.isArray(c) ? c : undefined;
  const inner = Array.isArray(c) ? c[at] : undefined;
  return Array.isArray(inner) ? inner : undefined;
}

/** `Quoted` → its marks as text, so the writer never writes them as straight quotes. */
function unquote(list: Json[]): Json[] {
  const out: Json[] = [];
  for (const item of list) {
    if (isNode(item) && item.t === "Quoted" && Array.isArray(item.c)) {
      const kind = isNode(item.c[0]) ? item.c[0].t : "DoubleQuote";
      const [open, close] = kind === "SingleQuote" ? ["\u2018", "\u2019"] : ["\u201C", "\u201D"];
      const inner = Array.isArray(item.c[1]) ? unquote(item.c[1]) : [];
      out.push({ t: "Str", c: open }, ...inner, { t: "Str", c: close });
    } else {
      const content = isNode(item) ? contentOf(item) : undefined;
      if (content) content.splice(0, content.length, ...unquote(content));
      out.push(item);
    }
  }
  return out;
}

/** Str nodes of an inline list in reading order, with the paragraph text they make up. */
function collect(list: Json[], strs: Array<{ node: Node; offset: number }>, text: string[], notes: Json[]): void {
  for (const item of list) {
    if (!isNode(item)) continue;
    if (item.t === "Str" && typeof item.c === "string") {
      strs.push({ node: item, offset: text.length });
      text.push(...Array.from(item.c));
    } else if (item.t === "Space" || item.t === "SoftBreak" || item.t === "LineBreak") {
      text.push(" ");
    } else if (item.t === "Note") {
      notes.push(item.c ?? null);
    } else {
      const content = contentOf(item);
      if (content) collect(content, strs, text, notes);
      else text.push(OPAQUE);
    }
  }
}

function escapeInlineList(list: Json[]): void {
  list.splice(0, list.length, ...unquote(list));
  const strs: Array<{ node: Node; offset: number }> = [];
  const text: string[] = [];
  const notes: Json[] = [];
  collect(list, strs, text, notes);
  const tokens = escapeTokens(text);
  for (const { node, offset } of strs) {
    const length = Array.from(typeof node.c === "string" ? node.c : "").length;
    let raw = tokens.slice(offset, offset + length).join("");
    if (offset === 0) raw = escapeLineStart(raw);
    node.t = "RawInline";
    node.c = ["markdown", raw];
  }
  for (const blocks of notes) visit(blocks);
}

function visit(value: Json): void {
  if (Array.isArray(value)) {
    if (isInlineList(value)) escapeInlineList(value);
    else for (const v of value) visit(v);
  } else if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) visit(v);
  }
}

/** Escapes every text run of pandoc JSON blocks in place. */
export function escapePandocBlocks(blocks: Json): void {
  visit(blocks);
}

/** The plain text of an inline list, spaces collapsed; code and maths count as nothing. */
export function inlineText(list: Json[]): string {
  const text: string[] = [];
  collect(list, [], text, []);
  return text.join("").replace(new RegExp(OPAQUE, "g"), "").replace(/\s+/g, " ").trim();
}

/** The plain text of a block list (paragraphs joined by a space). */
export function blocksText(list: Json[]): string {
  return list
    .map((b) => (isNode(b) && (b.t === "Para" || b.t === "Plain") && Array.isArray(b.c) ? inlineText(b.c) : ""))
    .filter((t) => t !== "")
    .join(" ");
}

/** The plain text of a MetaInlines / MetaString / MetaBlocks value (e.g. a .docx's title). */
export function metaText(value: Json | undefined): string | undefined {
  if (!isNode(value)) return undefined;
  if (value.t === "MetaString" && typeof value.c === "string") return value.c.trim() || undefined;
  if (value.t === "MetaBlocks" && Array.isArray(value.c)) return blocksText(value.c) || undefined;
  if (value.t !== "MetaInlines" || !Array.isArray(value.c)) return undefined;
  return inlineText(value.c) || undefined;
}

/** A MetaList of texts (or one text) → the texts, e.g. a .docx's authors. */
export function metaTexts(value: Json | undefined): string[] {
  if (isNode(value) && value.t === "MetaList" && Array.isArray(value.c)) {
    return value.c.map((v) => metaText(v)).filter((t): t is string => t !== undefined);
  }
  const one = metaText(value);
  return one === undefined ? [] : [one];
}
