/**
 * Attributes in an imported document (pandoc's JSON AST) that its own Markdown writer writes
 * but its reader cannot read back (pandoc 2.17), so they printed as text in every edition:
 * - a value of spaces only: `{alt="   " width="5.3cm"}` stays text, and the image is no figure.
 *   The writer makes one of a figure caption whose words are raw Markdown (pandoc-ast.ts escapes
 *   them; only the spaces between are left to its plain-text alt), so it is dropped from the
 *   Markdown written (blankValuesDropped); the caption is the figure's alt when read back.
 * - an identifier with a space (an ODT bookmark "an anchor"): `[]{#an anchor}` stays text, and
 *   the cross-reference to it links nowhere. Spaces become hyphens, in the identifier and in
 *   every `#link` to it.
 */
import { isNode, type Json } from "./pandoc-ast.js";

/** Where each node type keeps its Attr ([id, classes, key-values]) in `c`. */
const ATTR_AT: Record<string, number> = { Image: 0, Link: 0, Span: 0, Code: 0, Div: 0, CodeBlock: 0, Header: 1, Table: 0, Figure: 0 };

type Attr = [string, string[], Array<[string, string]>];

const isAttr = (v: Json | undefined): v is Json[] & Attr => Array.isArray(v) && v.length === 3 && typeof v[0] === "string" && Array.isArray(v[1]) && Array.isArray(v[2]);

function walk(value: Json, visit: (node: { t: string; c?: Json }) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (typeof value === "object" && value !== null) {
    if (isNode(value)) visit(value);
    for (const v of Object.values(value)) walk(v, visit);
  }
}

const readableId = (id: string): string => id.trim().replace(/\s+/g, "-");

/** Fixes the document's attributes in place; returns how many identifiers were renamed. */
export function tidyAttributes(blocks: Json): number {
  const renamed = new Map<string, string>();
  walk(blocks, (node) => {
    const at = ATTR_AT[node.t];
    const attr = at !== undefined && Array.isArray(node.c) ? node.c[at] : undefined;
    if (!isAttr(attr)) return;
    const kept = attr[2].filter((kv) => !(Array.isArray(kv) && typeof kv[1] === "string" && kv[1].trim() === ""));
    attr[2].splice(0, attr[2].length, ...kept);
    if (/\s/.test(attr[0])) {
      const id = readableId(attr[0]);
      renamed.set(attr[0], id);
      attr[0] = id;
    }
  });
  if (renamed.size === 0) return 0;
  walk(blocks, (node) => {
    if (node.t !== "Link" || !Array.isArray(node.c)) return;
    const target = node.c[2];
    if (!Array.isArray(target) || typeof target[0] !== "string" || !target[0].startsWith("#")) return;
    const id = renamed.get(decodeURIComponent(target[0].slice(1)));
    if (id !== undefined) target[0] = `#${id}`;
  });
  return renamed.size;
}

/** A link's or image's attribute block (`](…){…}`) in written Markdown. */
const ATTRIBUTES = /(\]\([^)\n]*\))\{([^}\n]*)\}/g;

/** pandoc's Markdown with each `key="   "` (spaces only) left out of link and image attributes. */
export function blankValuesDropped(markdown: string): string {
  return markdown.replace(ATTRIBUTES, (whole, target: string, inner: string) => {
    const kept = inner.replace(/(^|\s)[\w-]+="\s*"(?=\s|$)/g, "").trim();
    return kept === inner.trim() ? whole : kept ? `${target}{${kept}}` : target;
  });
}
