/**
 * Sanitised pandoc HTML → a Fragment: notes taken out and normalised (pandoc 2.17 and 3.x write
 * them differently), ids prefixed and unique, headings listed, images checked and collected,
 * the whole written as polyglot HTML.
 */
import path from "node:path";
import type { Block, BlockKind, Heading, ImageRef, Note } from "../model/book.js";
import {
  Text,
  createElement,
  elements,
  hasClass,
  parseFragment,
  removeNode,
  replaceNode,
  serialize,
  textContent,
  unwrap,
  xmlText,
  Element,
  type ParentNode,
} from "./dom.js";
import { findUrl, lineIndex, type SourceLocator } from "./locate.js";
import { decodePath, unsafeImageSrc } from "./sanitize.js";
import { pathHref } from "../model/attributes.js";
import type { Fragment } from "./types.js";
import { topLevelElements } from "./top-level.js";
import { keepListDelimiters } from "./list-delimiters.js";
import { IDEOGRAPHIC } from "../import/scripts.js";

export interface FragmentInput {
  html: string;
  markdown: string;
  sourceFile: string;
  idPrefix?: string;
  locate: SourceLocator;
}

/** The note labels the manuscript wrote (`[^7]`), in reference order, when all are numbers. */
export function manuscriptNoteLabels(markdown: string): string[] {
  const labels: string[] = [];
  const re = /\[\^([^\]\s]+)\]/g;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    const lineStart = markdown.lastIndexOf("\n", m.index) + 1;
    const isDefinition = markdown[m.index + m[0].length] === ":" && /^ {0,3}$/.test(markdown.slice(lineStart, m.index));
    if (!isDefinition) labels.push(m[1] ?? "");
  }
  return labels.every((l) => /^\d+$/.test(l)) ? labels : [];
}

interface RawNote {
  n: number;
  li: Element;
}

/** pandoc's footnote section (2.17: `section.footnotes`; 3.x adds an id; EPUB-ish `aside`). */
function takeFootnotes(root: ParentNode): Map<string, RawNote> {
  const notes = new Map<string, RawNote>();
  const sections = elements(root).filter((el) => (el.name === "section" || el.name === "aside" || el.name === "div") && hasClass(el, "footnotes"));
  for (const section of sections) {
    const items = elements(section).filter((el) => el.name === "li" && el.attribs.id !== undefined);
    for (const li of items) {
      for (const back of elements(li).filter((el) => el.name === "a" && hasClass(el, "footnote-back"))) removeNode(back);
      notes.set(li.attribs.id ?? "", { n: notes.size + 1, li });
    }
    removeNode(section);
  }
  return notes;
}

function fragmentTarget(href: string | undefined): string | undefined {
  return href?.startsWith("#") ? decodePath(href.slice(1)) || undefined : undefined;
}

export function buildFragment({ html, markdown, sourceFile, idPrefix = "", locate }: FragmentInput): { fragment: Fragment } {
  const root = parseFragment(html);
  keepListDelimiters(root);
  const rawNotes = takeFootnotes(root);
  const manuscriptLabels = manuscriptNoteLabels(markdown);

  // Note references, in document order (pandoc makes one note per reference).
  const refs: { a: Element; note: RawNote }[] = [];
  for (const a of elements(root)) {
    const target = fragmentTarget(a.attribs.href);
    const note = target !== undefined && a.name === "a" && hasClass(a, "footnote-ref") ? rawNotes.get(target) : undefined;
    if (note) refs.push({ a, note });
  }
  const useManuscriptLabels = manuscriptLabels.length === rawNotes.size && refs.length === rawNotes.size;
  const noteId = (n: number): string => `${idPrefix}note-${n}`;
  const label = (n: number): string => (useManuscriptLabels ? (manuscriptLabels[n - 1] ?? String(n)) : String(n));

  const scopes: ParentNode[] = [root, ...[...rawNotes.values()].map((note) => note.li)];
  const refNodes = new Set(refs.map((r) => r.a));

  // Ids: prefixed, unique across body and notes; in-fragment links follow them.
  const used = new Set<string>();
  const renamed = new Map<string, string>();
  const duplicateIds: Fragment["duplicateIds"] = [];
  const unique = (base: string): string => {
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    return id;
  };
  for (let n = 1; n <= rawNotes.size; n++) used.add(noteId(n)).add(`ref-${noteId(n)}`);
  for (const scope of scopes) {
    for (const el of elements(scope)) {
      const old = el.attribs.id;
      if (old === undefined || refNodes.has(el)) continue;
      const id = unique(`${idPrefix}${old || "section"}`);
      // Each `{#id}` (or raw HTML's `id="…"`) is looked up in turn, so a repeated one is found at its own line.
      const line = old !== "" ? (locate.find(`#${old}`) ?? locate.find(`id="${old}"`) ?? locate.find(`id='${old}'`)) : undefined;
      if (!renamed.has(old)) renamed.set(old, id);
      else if (old !== "") duplicateIds.push(line === undefined ? { id: old } : { id: old, line });
      el.attribs.id = id;
    }
  }
  // Each link's own line (a block's line is where the block starts: a list's link on its 30th
  // item was reported 30 lines early). Looked up in order, so a repeated URL is found at each use.
  const links: NonNullable<Fragment["links"]> = [];
  for (const scope of scopes) {
    for (const el of elements(scope)) {
      const href = el.attribs.href;
      if (el.name !== "a" || href === undefined || href === "" || refNodes.has(el)) continue;
      const line = findUrl(locate, href);
      if (line !== undefined) links.push({ href, line });
    }
  }
  for (const scope of scopes) {
    for (const el of elements(scope)) {
      const target = fragmentTarget(el.attribs.href);
      if (target === undefined || refNodes.has(el)) continue;
      const note = rawNotes.get(target);
      const to = note ? noteId(note.n) : renamed.get(target);
      if (to !== undefined) el.attribs.href = `#${to}`;
    }
  }

  // Images: only files inside the manuscript survive (the sanitiser has reported the others).
  const assetRefs: Fragment["assetRefs"] = [];
  for (const scope of scopes) {
    for (const img of elements(scope).filter((el) => el.name === "img")) {
      const src = img.attribs.src;
      if (src === undefined || src.trim() === "" || unsafeImageSrc(src) !== undefined) {
        const parent = img.parent;
        const inFigure = parent !== null && "name" in parent && parent.name === "figure";
        // Its words stay: a badge's "Join the chat at gitter.im" reads on as its link's text.
        // (A figure's caption says them already.)
        const alt = img.attribs.alt?.trim();
        if (alt && !inFigure && parent) {
          const words = new Text(alt);
          words.parent = parent;
          parent.children.splice(parent.children.indexOf(img), 1, words);
        } else removeNode(img);
        // pandoc hides a figure's caption from screen readers because the image's alt repeats it.
        if (inFigure) {
          for (const caption of elements(parent).filter((el) => el.name === "figcaption")) delete caption.attribs["aria-hidden"];
        }
        continue;
      }
      const normal = path.posix.normalize(decodePath(src).replace(/\\/g, "/"));
      const line = findUrl(locate, src);
      assetRefs.push(line === undefined ? { path: normal } : { path: normal, line });
      // `#` and `?` are part of a file name here: encoded, so no edition reads them as a fragment or query.
      img.attribs.src = pathHref(normal);
      keepAspect(img);
    }
  }

  // What removals leave behind: links without a target, links left with nothing to read (a
  // badge whose remote image went), then the paragraphs they emptied. Innermost first, so an
  // emptied link empties its paragraph in the same pass.
  for (const scope of scopes) {
    for (const el of elements(scope).reverse()) {
      if (el.name === "a" && el.attribs.href === undefined && el.attribs.id === undefined) unwrap(el);
      else if (el.name === "a" && el.attribs.id === undefined && textContent(el).trim() === "" && !elements(el).some((e) => e.name === "img" || e.name === "svg")) removeNode(el);
      else if (el.name === "p" && el.children.every((c) => c instanceof Text && c.data.trim() === "")) removeNode(el);
    }
  }

  for (const scope of scopes) for (const figure of elements(scope).filter((el) => el.name === "figure")) tidyFigure(figure);
  // A task box (sanitize.ts) and its item's text are a word apart: pandoc 3 writes them touching.
  for (const box of elements(root).filter((el) => el.name === "span" && hasClass(el, "task-box"))) {
    const next = box.next;
    if (next instanceof Text) {
      if (!/^\s/.test(next.data)) next.data = ` ${next.data}`;
    } else if (box.parent) {
      const siblings = box.parent.children;
      const space = new Text(" ");
      space.parent = box.parent;
      siblings.splice(siblings.indexOf(box) + 1, 0, space);
    }
  }

  // References → `<a class="noteref" id="ref-NOTEID" href="#NOTEID" role="doc-noteref">LABEL</a>`.
  for (const { a, note } of refs) {
    const id = noteId(note.n);
    replaceNode(a, createElement("a", { class: "noteref", id: `ref-${id}`, href: `#${id}`, role: "doc-noteref" }, [new Text(label(note.n))]));
  }
  const notes: Note[] = [...rawNotes.values()].map((note) => ({
    id: noteId(note.n),
    label: label(note.n),
    html: serialize(note.li.children).trim(),
    text: xmlText(textContent(note.li)).replace(/\s+/g, " ").trim(),
  }));

  for (const scope of scopes) joinSoftBreaks(scope);

  for (const h of elements(root).filter((el) => /^h[1-6]$/.test(el.name))) h.attribs.id ??= unique(`${idPrefix}section`);
  const lines = blockLines(markdown);
  const blocks: Block[] = [];
  for (const el of topLevelElements(root)) {
    el.attribs.id ??= unique(`${idPrefix}b${blocks.length + 1}`);
    blocks.push(toBlock({ el, sourceFile, line: lines(textContent(el)) }));
  }
  return { fragment: { sourceFile, blocks, notes, duplicateIds, assetRefs, links } };
}

/**
 * An image given both a width and a height (`{width="6.5in" height="5.508in"}`, as every Word
 * import writes) keeps only the width: on a screen narrower than the width, the stylesheets'
 * `max-width: 100%` shrinks it, and the inline height would squash it. Its own proportions give
 * the height, as they gave the numbers.
 */
function keepAspect(img: Element): void {
  const style = img.attribs.style;
  if (!style || !/(?:^|;)\s*width\s*:/i.test(style) || !/(?:^|;)\s*height\s*:/i.test(style)) return;
  const kept = style.split(";").map((d) => d.trim()).filter((d) => d !== "" && !/^height\s*:/i.test(d)).join("; ");
  img.attribs.style = kept;
}

function blockKind(el: Element): BlockKind {
  if (/^h[1-6]$/.test(el.name)) return "heading";
  switch (el.name) {
    case "p":
      return "paragraph";
    case "ul":
    case "ol":
      return "list";
    case "blockquote":
      return "quote";
    case "pre":
      return "code";
    case "figure":
      return "figure";
    case "table":
      return "table";
    case "hr":
      return "rule";
    case "dl":
      return "definitions";
    case "div":
    case "section":
      if (hasClass(el, "line-block")) return "verse";
      if (hasClass(el, "sourceCode")) return "code";
      return "division";
    default:
      return "other";
  }
}

function toBlock({ el, sourceFile, line }: { el: Element; sourceFile: string; line: number | undefined }): Block {
  const kind = blockKind(el);
  const all = [el, ...elements(el)];
  const ids = all.map((e) => e.attribs.id).filter((id): id is string => id !== undefined);
  const images: ImageRef[] = all.filter((e) => e.name === "img").map((e) => (e.attribs.alt === undefined ? { src: e.attribs.src ?? "" } : { src: e.attribs.src ?? "", alt: e.attribs.alt }));
  const noteRefs = all.filter((e) => e.name === "a" && hasClass(e, "noteref")).map((e) => (e.attribs.href ?? "").slice(1));
  // A table wider than a phone scrolls sideways in its own box (web.css, epub.css); a box that
  // scrolls must be reachable by keyboard (WCAG 2.1.1; Ace's scrollable-region-focusable).
  for (const e of all) if (e.name === "table") e.attribs.tabindex = "0";
  const block: Block = { id: el.attribs.id ?? "", kind, html: serialize([el]), text: xmlText(textContent(el)).replace(/\s+/g, " ").trim(), ids, images, noteRefs, sourceFile };
  if (kind === "heading") block.heading = { id: el.attribs.id ?? "", level: Number(el.name.slice(1)) as Heading["level"], ...headingContent(el) };
  if (line !== undefined) block.line = line;
  return block;
}

/**
 * Best-effort source lines for blocks in order: each block's first run of letters is looked up
 * in the Markdown after the previous block's position (pandoc's HTML has no source positions).
 */
function blockLines(markdown: string): (text: string) => number | undefined {
  const lower = markdown.toLowerCase();
  const lineAt = lineIndex(markdown);
  let from = 0;
  return (text) => {
    // The first run of letters found in the Markdown after the previous block; markup can split a
    // run there (`a [link](…)`), so fewer of its words are tried, then the next run.
    let at = -1;
    let runLength = 0;
    // Marks belong to their letters (Devanagari's vowel signs); two Han, kana or Hangul characters
    // are a word (a heading "说明" is two).
    for (const m of text.slice(0, 80).matchAll(/[\p{L}\p{N}][\p{L}\p{M}\p{N} ]+/gu)) {
      const words = m[0].trim().toLowerCase().split(" ");
      for (let k = words.length; k > 0 && at < 0; k--) {
        const needle = words.slice(0, k).join(" ");
        if (needle.length < (IDEOGRAPHIC.test(needle) ? 2 : 3)) break;
        at = lower.indexOf(needle, from);
        runLength = needle.length;
      }
      if (at >= 0) break;
    }
    if (at < 0) return undefined;
    from = at + runLength;
    return lineAt(at);
  };
}

/**
 * A figure's caption must be its first or last child (HTML and EPUB's XHTML both say so). Raw HTML
 * often has spacing after it (`<figcaption>…</figcaption><br><br>`): that goes; a caption with
 * real content after it moves to the end, the content keeping its order.
 */
function tidyFigure(figure: Element): void {
  const kids = () => figure.children.filter((c): c is Element => c instanceof Element);
  const caption = kids().find((el) => el.name === "figcaption");
  if (!caption) return;
  const list = kids();
  const at = list.indexOf(caption);
  if (at === 0 || at === list.length - 1) return;
  const after = list.slice(at + 1);
  if (after.every((el) => (el.name === "br" || el.name === "wbr") || (textContent(el).trim() === "" && !elements(el).some((e) => e.name === "img" || e.name === "svg")))) {
    for (const el of after) removeNode(el);
    return;
  }
  removeNode(caption);
  figure.children.push(caption);
  caption.parent = figure;
  const prev = figure.children[figure.children.length - 2] ?? null;
  caption.prev = prev;
  caption.next = null;
  if (prev) prev.next = caption;
}

const BLOCK_CONTAINERS = new Set(["div", "section", "aside", "blockquote", "ul", "ol", "li", "dl", "dd", "table", "caption", "colgroup", "thead", "tbody", "tfoot", "tr", "figure"]);

/**
 * pandoc runs with --wrap=preserve (2.x writes line blocks as plain paragraphs under
 * --wrap=none), which keeps the Markdown's line ends as newlines; inside text they become
 * spaces, so both pandoc versions give the same HTML and the HTML matches --wrap=none.
 */
function joinSoftBreaks(scope: ParentNode): void {
  const visit = (node: ParentNode, inPre: boolean): void => {
    for (const child of node.children) {
      if (child instanceof Text) {
        if (inPre || !child.data.includes("\n")) continue;
        const blank = child.data.trim() === "";
        const parentName = "name" in node ? (node as Element).name : "";
        const isBlockGap =
          blank &&
          (parentName === "" || BLOCK_CONTAINERS.has(parentName)) &&
          [child.prev, child.next].every((s) => s === null || ("name" in s && BLOCK_TAGS.has((s as Element).name)));
        if (!isBlockGap) child.data = child.data.replace(/[ \t]*\r?\n[ \t]*/g, " ");
      } else if ("children" in child && "name" in child) {
        visit(child as Element, inPre || (child as Element).name === "pre");
      }
    }
  };
  visit(scope, false);
}

const BLOCK_TAGS = new Set([...BLOCK_CONTAINERS, "p", "hr", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt", "th", "td"]);

/**
 * A heading's text and inline HTML for contents and outlines: without note references (their
 * ids must stay unique), links (a contents entry is itself a link) or ids, nor the spans that
 * only carried an id (a Word bookmark, `[]{#anchor}`): EPUB forbids a nav span without text.
 */
function headingContent(h: Element): { text: string; html: string } {
  const copy = parseFragment(serialize(h.children));
  for (const el of elements(copy)) {
    if (el.name === "a" && hasClass(el, "noteref")) removeNode(el);
  }
  for (const el of elements(copy)) {
    delete el.attribs.id;
    if (el.name === "a") unwrap(el);
  }
  for (const el of elements(copy).reverse()) {
    if (el.name === "span" && textContent(el).trim() === "" && !elements(el).some((e) => e.name === "img" || e.name === "svg")) unwrap(el);
  }
  return { text: xmlText(textContent(copy)).replace(/\s+/g, " ").trim(), html: serialize(copy.children).trim() };
}
