/**
 * The top-level elements of a fragment: each becomes one Block. Two kinds of HTML need help first.
 *
 * Markdown written for GitHub often wraps a whole text in one `<div dir="rtl" markdown="1">` (or
 * `<div align="center">`) to set its direction or alignment. As one block, its headings would open
 * no chapter and reach no contents, outline or running head, and the whole text would be one
 * section named by its first words. Such a wrapper is opened: its children become top-level
 * blocks, each taking the wrapper's direction and language unless it sets its own (the sanitiser
 * has already dropped `align`). A div with a class, a style or any other attribute is the
 * author's box and stays whole.
 *
 * Raw HTML can leave inline content at the top level (`<span>one</span> <span>two</span>` on the
 * line above a `<div>`): each piece alone would be a block, so print would run "onetwo" together
 * and lose the space. Consecutive inline pieces and loose text stay together in one div, as a
 * browser lays them out: one line box.
 */
import { Element, Text, createElement, type ChildNode, type ParentNode } from "./dom.js";
import { INLINE_TAGS } from "./sanitize.js";

/** The attributes a wrapper may carry; all but its id pass to its children. */
const INHERITED = ["dir", "lang"] as const;
const WRAPPER_ATTRIBUTES = new Set<string>([...INHERITED, "id"]);

const HEADING = /^h[1-6]$/;

function isWrapper(el: Element): boolean {
  if (el.name !== "div" && el.name !== "section") return false;
  if (!Object.keys(el.attribs).every((name) => WRAPPER_ATTRIBUTES.has(name))) return false;
  return el.children.some((c) => c instanceof Element && (HEADING.test(c.name) || isWrapper(c)));
}

const isInline = (node: ChildNode): boolean => node instanceof Text || (node instanceof Element && INLINE_TAGS.has(node.name));

type Placed = { node: ChildNode; inherited: Record<string, string> };

/**
 * The top-level nodes of `root` with every wrapper opened (nested wrappers too), each with the
 * attributes it inherits. A wrapper's id goes to its first element child when that child has
 * none; otherwise the wrapper stays whole, so a link to it still finds it.
 */
function opened(root: ParentNode): Placed[] {
  const out: Placed[] = [];
  const visit = (node: ChildNode, inherited: Record<string, string>): void => {
    if (!(node instanceof Element) || !isWrapper(node)) {
      out.push({ node, inherited });
      return;
    }
    const first = node.children.find((c): c is Element => c instanceof Element);
    const id = node.attribs.id;
    if (id !== undefined && (!first || first.attribs.id !== undefined)) {
      out.push({ node, inherited });
      return;
    }
    if (id !== undefined && first) first.attribs.id = id;
    const own: Record<string, string> = { ...inherited };
    for (const name of INHERITED) if (node.attribs[name] !== undefined) own[name] = node.attribs[name] as string;
    for (const child of [...node.children]) visit(child, own);
  };
  for (const child of [...root.children]) visit(child, {});
  return out;
}

const sameAttributes = (a: Record<string, string>, b: Record<string, string>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** The elements that become blocks, in order: wrappers opened, inline runs gathered, blank text dropped. */
export function topLevelElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  let run: Placed[] = [];
  const flush = (): void => {
    if (run.some((p) => !(p.node instanceof Text) || p.node.data.trim() !== "")) {
      out.push(createElement("div", { ...(run[0]?.inherited ?? {}) }, run.map((p) => p.node)));
    }
    run = [];
  };
  for (const placed of opened(root)) {
    if (isInline(placed.node)) {
      if (run.length > 0 && !sameAttributes(run[0]?.inherited ?? {}, placed.inherited)) flush();
      run.push(placed);
      continue;
    }
    flush();
    if (placed.node instanceof Element) {
      for (const [name, value] of Object.entries(placed.inherited)) placed.node.attribs[name] ??= value;
      out.push(placed.node);
    }
  }
  flush();
  return out;
}
