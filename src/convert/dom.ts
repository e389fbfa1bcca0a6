/**
 * A small DOM toolkit over htmlparser2/domhandler: parse an HTML fragment, walk it, read its
 * text, and write it back as polyglot HTML (well-formed XML that parses identically as HTML5).
 */
import { Element, Text, type AnyNode, type ChildNode, type ParentNode } from "domhandler";
import { parseDocument } from "htmlparser2";
import { MATHML_NS } from "../model/mathml.js";

export { Element, Text };
export type { AnyNode, ChildNode, ParentNode };

/** Parses an HTML fragment (entities decoded, names lowercased, as an HTML parser would). */
export function parseFragment(html: string): ParentNode {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

/**
 * Every element under `root`, in document order. A stack, not recursion: a hostile file nests
 * thousands of levels (depth.ts flattens them, after reading them with this).
 */
export function elements(root: ParentNode): Element[] {
  const out: Element[] = [];
  const stack: ChildNode[] = [...root.children].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (!(node instanceof Element)) continue;
    out.push(node);
    for (let k = node.children.length - 1; k >= 0; k--) stack.push(node.children[k] as ChildNode);
  }
  return out;
}

export function hasClass(el: Element, name: string): boolean {
  return (el.attribs.class ?? "").split(/\s+/).includes(name);
}

/** MathML's other encodings of a formula (its TeX source): kept for assistive technology, never shown. */
const UNSEEN = new Set(["annotation", "annotation-xml"]);

/** The text a reader sees (text nodes concatenated, whatever the elements); a stack, as `elements`. */
export function textContent(node: AnyNode): string {
  let text = "";
  const stack: AnyNode[] = [node];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n instanceof Text) text += n.data;
    else if (n instanceof Element && UNSEEN.has(n.name)) continue;
    else if ("children" in n) for (let k = (n.children as AnyNode[]).length - 1; k >= 0; k--) stack.push((n.children as AnyNode[])[k] as AnyNode);
  }
  return text;
}

export function removeNode(node: ChildNode): void {
  const parent = node.parent;
  if (!parent) return;
  const i = parent.children.indexOf(node);
  if (i >= 0) parent.children.splice(i, 1);
  const prev = node.prev;
  const next = node.next;
  if (prev) prev.next = next;
  if (next) next.prev = prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

export function replaceNode(node: ChildNode, replacement: ChildNode): void {
  const parent = node.parent;
  if (!parent) return;
  const i = parent.children.indexOf(node);
  parent.children[i] = replacement;
  replacement.parent = parent;
  replacement.prev = node.prev;
  replacement.next = node.next;
  if (node.prev) node.prev.next = replacement;
  if (node.next) node.next.prev = replacement;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/** Replaces an element by its children (keeps the text, drops the tag). */
export function unwrap(el: Element): void {
  const parent = el.parent;
  if (!parent) return;
  const i = parent.children.indexOf(el);
  const kids = [...el.children];
  parent.children.splice(i, 1, ...kids);
  for (const kid of kids) kid.parent = parent;
  for (let k = 0; k < parent.children.length; k++) {
    const c = parent.children[k];
    if (!c) continue;
    c.prev = parent.children[k - 1] ?? null;
    c.next = parent.children[k + 1] ?? null;
  }
  el.children = [];
  el.parent = null;
}

export function createElement(name: string, attribs: Record<string, string>, children: ChildNode[]): Element {
  const el = new Element(name, attribs, children);
  children.forEach((c, i) => {
    c.parent = el;
    c.prev = children[i - 1] ?? null;
    c.next = children[i + 1] ?? null;
  });
  return el;
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

// Characters XML 1.0 forbids (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/FFFF).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters no edition can carry (the HTML serialiser drops them too). */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, "");
}

export function escapeText(text: string): string {
  return text.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;");
}

/**
 * Polyglot serialisation: void elements as `<br />`, other empty elements as `<p></p>`, every
 * attribute quoted, only `&amp; &lt; &gt; &quot;` as entities (everything else as UTF-8).
 * Comments, processing instructions and CDATA are dropped: pandoc's HTML needs none of them.
 */
export function serialize(nodes: readonly AnyNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (node instanceof Text) {
      out += escapeText(node.data);
    } else if (node instanceof Element) {
      const name = node.name;
      let attrs = "";
      for (const [key, value] of Object.entries(node.attribs)) {
        // A name that is not an XML name cannot be written; sanitising has kept none we need.
        if (!/^[a-z_][a-z0-9_.:-]*$/i.test(key)) continue;
        attrs += ` ${key}="${escapeAttr(value)}"`;
      }
      // Polyglot markup: in an EPUB's XHTML a formula is MathML only in MathML's namespace (HTML allows the same attribute).
      if (name === "math" && node.attribs.xmlns === undefined) attrs += ` xmlns="${MATHML_NS}"`;
      if (VOID.has(name)) out += `<${name}${attrs} />`;
      else out += `<${name}${attrs}>${serialize(node.children)}</${name}>`;
    }
  }
  return out;
}
