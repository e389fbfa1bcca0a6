/**
 * A Block's sanitised HTML as a JSON tree, for the typst template to walk. The manuscript's text
 * reaches typst only as data (strings inside `json()`), never as typst markup, so nothing a
 * manuscript holds (`#read("/etc/passwd")`, `#import`, `$x$`) can run as typst code.
 */
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { PRINT_NESTING } from "../../../load/limits.js";
import { MATHML_ELEMENTS } from "../../../model/mathml.js";

const MATHML_TAGS: ReadonlySet<string> = new Set(MATHML_ELEMENTS);

/** An element: tag, the attributes the template uses, children. A string is text. */
export interface TreeElement {
  tag: string;
  attrs: Record<string, string>;
  children: TreeNode[];
}
export type TreeNode = TreeElement | string;

/** Attributes the template reads; everything else (style, data-…, aria-…) stays out of the data, but for `align` (from a text-align style). */
const KEPT_ATTRS = new Set(["id", "class", "href", "src", "alt", "lang", "dir", "role", "start", "type", "colspan", "rowspan", "title"]);

/** MathML's attributes the math template reads (templates/typst/math.typ), kept on MathML elements only. */
const MATH_ATTRS = new Set(["display", "mathvariant", "accent", "accentunder", "linethickness", "columnalign", "width", "notation", "stretchy", "form"]);
/** MathML's token elements: their text is the formula's; space between any other MathML elements is layout. */
const MATH_TOKENS = new Set(["mi", "mn", "mo", "mtext", "ms"]);

/** Elements whose whitespace-only children are always layout, not text (they hold no text of their own). */
const STRUCTURAL = new Set(["ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "colgroup"]);
/**
 * Elements that hold blocks or text: a space between two inline children (`<span>one</span>
 * <span>two</span>`, as raw HTML leaves at the top level) is a word space; one at either end, or
 * beside a block, is layout.
 */
const FLOW = new Set(["section", "div", "blockquote", "figure", "nav", "aside", "header", "footer", "details"]);

const SOFT_HYPHEN = /\u00AD/g;

/** Elements nested deeper than this print as their plain text (see PRINT_NESTING in src/load/limits.ts). */
export const MAX_TREE_DEPTH = PRINT_NESTING;

/** The text of an element, its blocks' texts joined by spaces (what a too-deep element prints as). */
function plainText(node: ChildNode): string {
  if (node.type === "text") return node.data.replace(SOFT_HYPHEN, "");
  if (node.type !== "tag") return "";
  const el = node as Element;
  const inner = el.children.map(plainText).join(BLOCK_TAGS.has(el.name.toLowerCase()) || el.name.toLowerCase() === "li" ? " " : "");
  return BLOCK_TAGS.has(el.name.toLowerCase()) || el.name.toLowerCase() === "li" ? ` ${inner} ` : inner;
}

function convert(node: ChildNode, { pre, parentTag, depth = 0 }: { pre: boolean; parentTag: string; depth?: number }): TreeNode | undefined {
  if (node.type === "text") {
    const raw = node.data.replace(SOFT_HYPHEN, "");
    if (pre) return raw;
    if (/^[ \t\n\r\f]*$/.test(raw) && (STRUCTURAL.has(parentTag) || (MATHML_TAGS.has(parentTag) && !MATH_TOKENS.has(parentTag)))) return undefined;
    // HTML collapses runs of ASCII whitespace; no-break and other Unicode spaces stay as typed.
    const text = raw.replace(/[ \t\n\r\f]+/g, " ");
    return text === "" ? undefined : text;
  }
  if (node.type !== "tag" && node.type !== "script" && node.type !== "style") return undefined;
  const el = node as Element;
  const tag = el.name.toLowerCase();
  if (tag === "script" || tag === "style" || tag === "template" || tag === "annotation" || tag === "annotation-xml") return undefined;
  if (depth >= MAX_TREE_DEPTH) {
    const text = pre ? plainText(el) : plainText(el).replace(/[ \t\n\r\f]+/g, " ");
    return text.trim() === "" ? undefined : text;
  }
  const attrs: Record<string, string> = {};
  const math = MATHML_TAGS.has(tag);
  for (const [k, v] of Object.entries(el.attribs)) if (KEPT_ATTRS.has(k) || (math && MATH_ATTRS.has(k))) attrs[k] = v;
  // A column's alignment (pandoc writes `style="text-align: right;"` on every cell of it).
  const align = /(?:^|;)\s*text-align\s*:\s*(left|right|center|start|end|justify)\b/i.exec(el.attribs["style"] ?? "")?.[1];
  if (align && (tag === "td" || tag === "th" || tag === "p" || tag === "div")) attrs["align"] = align.toLowerCase();
  if (tag === "img") Object.assign(attrs, imageSize(el.attribs));
  // A table's and its columns' widths as shares of the measure (pandoc writes them for grid and
  // multiline tables and Word imports: `<col style="width: 30%" />`): the HTML editions keep them.
  if (tag === "col" || tag === "table") {
    const pct = /(?:^|;)\s*width\s*:\s*([\d.]+)\s*%/i.exec(el.attribs["style"] ?? "")?.[1];
    if (pct !== undefined && Number.isFinite(Number(pct))) attrs["width-pct"] = pct;
  }
  const inPre = pre || tag === "pre";
  const children: TreeNode[] = [];
  for (const child of el.children) {
    let c = convert(child, { pre: inPre, parentTag: tag, depth: depth + 1 });
    const last = children.at(-1);
    // The line end after a hard break (`line<br />\nbreak`) is no space at the new line's start.
    if (typeof c === "string" && !inPre && typeof last !== "string" && last?.tag === "br") c = c.replace(/^[ \t\n\r\f]+/, "") || undefined;
    if (c === undefined) continue;
    if (typeof c === "string" && typeof last === "string") children[children.length - 1] = last + c;
    else children.push(c);
  }
  return { tag, attrs, children: FLOW.has(tag) ? withoutEdgeSpace(withoutLayoutSpace(children)) : withoutLayoutSpace(children) };
}

const CSS_POINTS: Record<string, number> = { pt: 1, px: 0.75, in: 72, cm: 72 / 2.54, mm: 72 / 25.4, pc: 12 };

/** A CSS length (or a bare number: HTML's pixels) as typst data: points, a share of the measure, or ems. */
function sizeOf(value: string | undefined): Record<string, string> | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%|px|pt|in|cm|mm|pc|em)?\s*$/i.exec(value ?? "");
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "px").toLowerCase();
  if (!(n > 0)) return undefined;
  if (unit === "%") return { pct: String(Math.min(n, 100)) };
  if (unit === "em") return { em: String(n) };
  return { pt: String(Math.round(n * (CSS_POINTS[unit] ?? 0.75) * 100) / 100) };
}

/**
 * The size an image is given (`![x](a.png){width=50%}` is `style="width:50.0%"`; Word imports
 * give inches; raw HTML `width="150"` is pixels), as `width-pt`/`width-pct`/`width-em` and the
 * same for height: the template sizes the picture by it, as the HTML editions do.
 */
function imageSize(attribs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const style = attribs["style"] ?? "";
  for (const dim of ["width", "height"] as const) {
    const fromStyle = new RegExp(`(?:^|;)\\s*${dim}\\s*:\\s*([^;]+)`, "i").exec(style)?.[1];
    const size = sizeOf(fromStyle) ?? sizeOf(attribs[dim]);
    for (const [unit, v] of Object.entries(size ?? {})) out[`${dim}-${unit}`] = v;
  }
  return out;
}

/** Elements that stand as blocks of their own inside a list item or a definition. */
const BLOCK_TAGS = new Set(["p", "div", "blockquote", "ul", "ol", "dl", "pre", "figure", "table", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "aside"]);
const isBlock = (n: TreeNode | undefined): boolean => n !== undefined && typeof n !== "string" && BLOCK_TAGS.has(n.tag);

/**
 * A loose list's item or definition (`<dd>\n<p>red fruit</p>\n</dd>`) holds the line ends around
 * its paragraphs: as text they would be paragraphs of one space, a blank line above and below.
 * Space between inline children (`<em>a</em> <em>b</em>`) is a word space and stays.
 */
function withoutLayoutSpace(children: TreeNode[]): TreeNode[] {
  if (!children.some(isBlock)) return children;
  return children.filter((c, i) => !(typeof c === "string" && c.trim() === "" && (isBlock(children[i - 1]) || isBlock(children[i + 1]) || i === 0 || i === children.length - 1)));
}

/** Without the ASCII whitespace at either end (where a block's line ends sit: `<div>\nthree\n</div>`). */
function withoutEdgeSpace(children: TreeNode[]): TreeNode[] {
  const out = [...children];
  while (typeof out[0] === "string" && (out[0] = out[0].replace(/^[ \t\n\r\f]+/, "")) === "") out.shift();
  while (typeof out.at(-1) === "string" && (out[out.length - 1] = (out.at(-1) as string).replace(/[ \t\n\r\f]+$/, "")) === "") out.pop();
  return out;
}

/** The tree of one HTML fragment (a block: usually one element). */
export function htmlTree(html: string): TreeNode[] {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const out: TreeNode[] = [];
  for (const child of doc.children) {
    const c = convert(child, { pre: false, parentTag: "section" });
    if (c !== undefined) out.push(c);
  }
  return withoutEdgeSpace(withoutLayoutSpace(out));
}
