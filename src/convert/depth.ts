/**
 * Nesting too deep to publish: lists, block quotes or raw HTML nested hundreds of levels (a hostile
 * file, a broken import). XML readers stop at 256 levels of a document (libxml2, behind
 * epubcheck and many reading systems), and typst at far fewer (src/render/print/typst/html-tree.ts
 * sets deeper structure as plain text). Deeper than MAX_NESTING (src/load/limits.ts) an element
 * keeps its words as plain text in every edition; one warning per file says where, and what print
 * does past PRINT_NESTING.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import { MAX_NESTING as MAX_DEPTH, PRINT_NESTING as PRINT_DEPTH } from "../load/limits.js";
import { Element, Text, parseFragment, serialize, textContent, type ParentNode } from "./dom.js";
import type { SourceLocator } from "./locate.js";

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** The deepest element nesting in pandoc's (well-formed) HTML, from its tags alone. */
export function nestingDepth(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
    const name = (m[2] ?? "").toLowerCase();
    if (m[1]) depth--;
    else if (!m[3] && !VOID.has(name)) max = Math.max(max, ++depth);
  }
  return max;
}

export function limitNesting({ html, sourceFile, locate }: { html: string; sourceFile: string; locate: SourceLocator }): { html: string; diagnostics: Diagnostic[] } {
  const depth = nestingDepth(html);
  // Within the body a block sits under a section; print counts from the block.
  if (depth <= PRINT_DEPTH + 1) return { html, diagnostics: [] };
  let first: string | undefined;
  const root = parseFragment(html);
  const walk = (node: ParentNode, level: number): void => {
    for (const child of node.children) {
      if (!(child instanceof Element)) continue;
      if (level >= MAX_DEPTH) {
        const text = textContent(child).replace(/\s+/g, " ");
        first ??= text.trim();
        child.children = [new Text(text)];
        continue;
      }
      walk(child, level + 1);
    }
  };
  if (depth > MAX_DEPTH) walk(root, 1);
  const snippet = (first ?? "").split(" ").slice(0, 4).join(" ");
  const line = snippet ? locate.find(snippet) : undefined;
  const beyond = depth > MAX_DEPTH ? `; deeper than ${MAX_DEPTH} levels it is plain text in every edition (XML readers stop at 256)` : "";
  return {
    html: depth > MAX_DEPTH ? serialize(root.children) : html,
    diagnostics: [diag("convert/too-deep", {
      message: `lists, block quotes or HTML elements nest ${depth} levels deep here; the print edition sets what is deeper than ${PRINT_DEPTH} levels as plain text${beyond}: every word is kept, the nesting is not`,
      file: sourceFile,
      ...(line !== undefined ? { line } : {}),
      hint: "Nest lists and quotes a few levels at most; a document imported from elsewhere may hold empty nested lists or quotes to remove.",
    })],
  };
}
