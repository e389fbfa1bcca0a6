/**
 * Markdown written for GitHub often wraps a whole text in one `<div dir="rtl" markdown="1">` (or
 * `<div align="center">`) to set its direction or alignment. As one block, its headings would open
 * no chapter and reach no contents, outline or running head, and the whole text would be one
 * section named by its first words. Such a wrapper is opened: its children become top-level
 * blocks, each taking the wrapper's direction and language unless it sets its own (the sanitiser
 * has already dropped `align`). A div with a class, a style or any other attribute is the
 * author's box and stays whole.
 */
import { Element, Text, createElement, type ChildNode, type ParentNode } from "./dom.js";

/** The attributes a wrapper may carry; all but its id pass to its children. */
const INHERITED = ["dir", "lang"] as const;
const WRAPPER_ATTRIBUTES = new Set<string>([...INHERITED, "id"]);

const HEADING = /^h[1-6]$/;

function isWrapper(el: Element): boolean {
  if (el.name !== "div" && el.name !== "section") return false;
  if (!Object.keys(el.attribs).every((name) => WRAPPER_ATTRIBUTES.has(name))) return false;
  return el.children.some((c) => c instanceof Element && (HEADING.test(c.name) || isWrapper(c)));
}

/**
 * The top-level nodes of `root` with every wrapper opened (nested wrappers too). A wrapper's id
 * goes to its first element child when that child has none; otherwise the wrapper stays whole,
 * so a link to it still finds it.
 */
export function openWrappers(root: ParentNode): ChildNode[] {
  const out: ChildNode[] = [];
  const visit = (node: ChildNode, inherited: Record<string, string>): void => {
    if (!(node instanceof Element) || !isWrapper(node)) {
      out.push(withInherited(node, inherited));
      return;
    }
    const first = node.children.find((c): c is Element => c instanceof Element);
    const id = node.attribs.id;
    if (id !== undefined && (!first || first.attribs.id !== undefined)) {
      out.push(withInherited(node, inherited));
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

/** The node with the wrapper's attributes it does not set itself (loose text becomes a div that carries them). */
function withInherited(node: ChildNode, inherited: Record<string, string>): ChildNode {
  if (Object.keys(inherited).length === 0) return node;
  if (node instanceof Text) return node.data.trim() === "" ? node : createElement("div", { ...inherited }, [new Text(node.data)]);
  if (node instanceof Element) for (const [name, value] of Object.entries(inherited)) node.attribs[name] ??= value;
  return node;
}
