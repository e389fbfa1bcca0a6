/**
 * SVG images, read with a real XML parser (saxes: strict XML 1.0 well-formedness, namespaces):
 * recognised whatever prolog a drawing program writes (BOM, XML declaration, comments,
 * processing instructions, DOCTYPE), refused when they could run or fetch anything or would make
 * a reader draw without end, and returned without the DOCTYPE that EPUB forbids in SVG.
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
import type { Limits } from "./limits.js";
import { bareAmpersandLine } from "./xml-text.js";

export type SvgProblemCode = "convert/unsafe-asset" | "convert/unsupported-asset" | "convert/broken-image" | "convert/svg-too-complex";

export type SvgCheck =
  | { ok: true; bytes: Uint8Array; /** The DOCTYPE that was dropped, as written. */ droppedDoctype?: string }
  | { ok: false; code: SvgProblemCode; /** Completes `SVG image "x.svg" …`. */ problem: string; line?: number };

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Whether the text opens like an SVG file: anything an XML prolog may hold, in any order, then
 * `<svg`. A tokenizer rather than one regular expression, so a long comment cannot make it
 * backtrack; the real parse later decides whether the file is well-formed.
 */
export function looksLikeSvg(bytes: Uint8Array): boolean {
  const text = decode(bytes.subarray(0, 65_536), { fatal: false });
  if (text === undefined) return false;
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith("<?", i)) i = after(text, "?>", i + 2);
    else if (text.startsWith("<!--", i)) i = after(text, "-->", i + 4);
    else if (/^<!DOCTYPE\s/i.test(text.slice(i, i + 10))) {
      const bracket = text.indexOf("[", i);
      const close = text.indexOf(">", i);
      i = bracket >= 0 && bracket < close ? after(text, ">", after(text, "]", bracket)) : after(text, ">", i);
    } else return /^<svg[\s>/]/.test(text.slice(i, i + 5));
    if (i < 0) return false;
  }
}

function after(text: string, token: string, from: number): number {
  if (from < 0) return -1;
  const at = text.indexOf(token, from);
  return at < 0 ? -1 : at + token.length;
}

/** Decodes by BOM, else by the XML declaration's encoding, else UTF-8 (XML's default). */
function decode(bytes: Uint8Array, { fatal }: { fatal: boolean }): string | undefined {
  let label = "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = "utf-16le";
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = "utf-16be";
  else {
    const head = Buffer.from(bytes.subarray(0, 256)).toString("latin1");
    const declared = /^(?:\xEF\xBB\xBF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
    if (declared) label = declared;
  }
  try {
    return new TextDecoder(label, { fatal }).decode(bytes);
  } catch {
    return undefined;
  }
}

interface Walk {
  unsafe?: { problem: string; line: number };
  broken?: { problem: string; line: number };
  unsupported?: { problem: string; line: number };
  doctype?: { text: string; end: number };
  elements: number;
  /** Per element, in document order: its child elements and the id its <use> points to. */
  children: number[][];
  useTarget: Array<string | undefined>;
  ids: Map<string, number>;
}

export function checkSvg({ bytes, limits }: { bytes: Uint8Array; limits: Limits }): SvgCheck {
  const text = decode(bytes, { fatal: true });
  if (text === undefined) return { ok: false, code: "convert/unsupported-asset", problem: "is not valid UTF-8 (or the encoding its XML declaration names); save it as UTF-8" };
  const walk = walkSvg({ text, limits });
  if (walk.unsafe) return { ok: false, code: "convert/unsafe-asset", problem: `contains ${walk.unsafe.problem}; remove it (editions never run scripts or load other files)`, line: walk.unsafe.line };
  if (walk.broken) return { ok: false, code: "convert/broken-image", problem: `is not well-formed XML (${walk.broken.problem}); a reader would show nothing`, line: walk.broken.line };
  if (walk.unsupported) return { ok: false, code: "convert/unsupported-asset", ...walk.unsupported };
  const complex = complexity({ walk, limits });
  if (complex) return { ok: false, code: "convert/svg-too-complex", problem: complex };
  if (!walk.doctype) return { ok: true, bytes };
  return { ok: true, bytes: withoutDoctype({ text, doctype: walk.doctype }), droppedDoctype: `<!DOCTYPE${walk.doctype.text}>` };
}

function walkSvg({ text, limits }: { text: string; limits: Limits }): Walk {
  const walk: Walk = { elements: 0, children: [], useTarget: [], ids: new Map() };
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: number[] = [];
  let style: string | undefined;
  const unsafe = (problem: string) => (walk.unsafe ??= { problem, line: parser.line });
  parser.on("error", (error) => {
    const ampersand = walk.broken ? undefined : bareAmpersandLine(text);
    walk.broken ??= ampersand !== undefined ? { problem: "a bare & that starts no entity; write &amp;", line: ampersand } : { problem: error.message.replace(/^\d+:\d+: /, "").replace(/\.$/, ""), line: parser.line };
  });
  parser.on("doctype", (doctype) => {
    // The internal subset is what declares entities (billion laughs, XXE); quoted ids may not hold "[".
    const subset = doctype.replace(/"[^"]*"|'[^']*'/g, "").includes("[");
    if (subset && /<!ENTITY/i.test(doctype)) unsafe("an entity declaration (<!ENTITY …> in its DOCTYPE)");
    else if (subset) walk.unsupported ??= { problem: "has declarations inside its DOCTYPE ([…]) that editions would not apply; remove the DOCTYPE", line: parser.line };
    walk.doctype = { text: doctype, end: parser.position };
  });
  parser.on("processinginstruction", (pi) => {
    if (pi.target.toLowerCase() === "xml-stylesheet") unsafe("a style sheet instruction (<?xml-stylesheet …?>) that loads another file");
  });
  parser.on("opentag", (tag) => {
    const index = walk.elements++;
    if (index === 0 && (tag.local !== "svg" || tag.uri !== SVG_NS)) {
      walk.unsupported ??= { problem: `has <${tag.name}> as its outermost element where <svg xmlns="${SVG_NS}"> is needed; readers would not show it`, line: parser.line };
    }
    checkTag({ tag, unsafe });
    if (tag.local === "style") style = "";
    // Past the element cap only the count goes on: the file is refused anyway, memory stays small.
    if (index >= limits.maxSvgElements) {
      stack.push(-1);
      return;
    }
    walk.children.push([]);
    const parent = stack[stack.length - 1];
    if (parent !== undefined) walk.children[parent]!.push(index);
    stack.push(index);
    for (const attr of Object.values(tag.attributes)) {
      if (attr.local === "id" && (attr.uri === "" || attr.prefix === "xml") && !walk.ids.has(attr.value)) walk.ids.set(attr.value, index);
    }
    const href = Object.values(tag.attributes).find((a) => a.local === "href")?.value.trim();
    walk.useTarget.push(tag.local === "use" && href?.startsWith("#") ? decodeFragment(href.slice(1)) : undefined);
  });
  const styleText = (t: string) => {
    if (style !== undefined) style += t;
  };
  parser.on("text", styleText);
  parser.on("cdata", styleText);
  parser.on("closetag", (tag) => {
    if (tag.local === "style" && style !== undefined) {
      const problem = cssProblem(style);
      if (problem) unsafe(`${problem} in its <style>`);
      style = undefined;
    }
    stack.pop();
  });
  parser.write(text).close();
  return walk;
}

/** The elements and attributes that can run code or reach outside the image. */
function checkTag({ tag, unsafe }: { tag: SaxesTagNS; unsafe: (problem: string) => void }): void {
  const local = tag.local.toLowerCase();
  if (local === "script") unsafe("a <script> element");
  if (local === "foreignobject") unsafe("a <foreignObject> (HTML inside the image)");
  for (const attr of Object.values(tag.attributes)) {
    if (attr.name === "xmlns" || attr.prefix === "xmlns") continue; // namespace names are not references
    const name = attr.local.toLowerCase();
    const value = attr.value.trim();
    if (name.startsWith("on")) unsafe(`an event handler attribute (${attr.name}=)`);
    else if (name === "href" && !value.startsWith("#")) unsafe(`a link or reference to another file (${attr.name}="${shorten(value)}")`);
    else if ((local === "animate" || local === "set") && name === "attributename" && /href$/i.test(value)) unsafe(`an animation that changes a link (<${tag.name} attributeName="${value}">)`);
    else {
      const problem = cssProblem(value);
      if (problem) unsafe(`${problem} in ${attr.name}="${shorten(value)}"`);
    }
  }
}

/** url() to anything but a fragment of this file, @import, or javascript: (in style text or attributes). */
function cssProblem(css: string): string | undefined {
  if (/javascript:/i.test(css)) return "a javascript: URL";
  if (/@import\b/i.test(css)) return "an @import of another style sheet";
  for (const m of css.matchAll(/url\(\s*["']?\s*([^"')\s]*)/gi)) {
    if (!m[1]!.startsWith("#")) return "a url() reference to another file";
  }
  return undefined;
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * Element count, <use> depth and the number of element instances drawn once every <use> is
 * expanded: an iterative depth-first walk over child and <use> edges with memoised results, so a
 * chain of doubling <use>s costs linear time here while it costs 2^n in a renderer. A <use> that
 * leads back to itself is refused (renderers differ on what they draw).
 */
function complexity({ walk, limits }: { walk: Walk; limits: Limits }): string | undefined {
  if (walk.elements > limits.maxSvgElements) return `has ${walk.elements} elements (at most ${limits.maxSvgElements}); simplify the drawing or export it as PNG`;
  const n = walk.children.length;
  const cost = new Float64Array(n);
  const depth = new Int32Array(n);
  const state = new Uint8Array(n); // 0 unseen, 1 on the path, 2 done
  const edges = (i: number): number[] => {
    const target = walk.useTarget[i] === undefined ? undefined : walk.ids.get(walk.useTarget[i]!);
    return target === undefined ? walk.children[i]! : [...walk.children[i]!, target];
  };
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    const stack: Array<{ node: number; next: number; out: number[] }> = [{ node: root, next: 0, out: edges(root) }];
    state[root] = 1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next < frame.out.length) {
        const to = frame.out[frame.next++]!;
        if (state[to] === 1) return "has <use> copies that lead back to themselves (a loop no reader can draw); remove the loop";
        if (state[to] === 0) {
          state[to] = 1;
          stack.push({ node: to, next: 0, out: edges(to) });
        }
        continue;
      }
      const { node } = frame;
      const target = walk.useTarget[node] === undefined ? undefined : walk.ids.get(walk.useTarget[node]!);
      let total = 1;
      let deepest = 0;
      for (const child of walk.children[node]!) {
        total += cost[child]!;
        deepest = Math.max(deepest, depth[child]!);
      }
      if (target !== undefined) {
        total += cost[target]!;
        deepest = Math.max(deepest, 1 + depth[target]!);
      }
      cost[node] = Math.min(total, Number.MAX_SAFE_INTEGER);
      depth[node] = deepest;
      state[node] = 2;
      stack.pop();
    }
  }
  const useDepth = n > 0 ? depth[0]! : 0;
  const drawn = n > 0 ? cost[0]! : 0;
  const advice = "simplify the drawing (in the drawing program, expand or flatten the copies) or export it as PNG";
  if (useDepth > limits.maxSvgUseDepth) return `nests <use> copies ${useDepth} deep (at most ${limits.maxSvgUseDepth}); ${advice}`;
  if (drawn > limits.maxSvgUseExpansion) return `would draw ${drawn} elements once its <use> copies are expanded (at most ${limits.maxSvgUseExpansion}); ${advice}`;
  return undefined;
}

/** The same text without the DOCTYPE (and its line break), as UTF-8 with a declaration that says so. */
function withoutDoctype({ text, doctype }: { text: string; doctype: { text: string; end: number } }): Uint8Array {
  const written = `<!DOCTYPE${doctype.text}>`;
  let start = doctype.end - written.length;
  if (text.slice(start, doctype.end) !== written) start = text.lastIndexOf(written, doctype.end);
  let end = start + written.length;
  const newline = /^\r?\n/.exec(text.slice(end, end + 2));
  if (newline) end += newline[0].length;
  const out = (text.slice(0, start) + text.slice(end)).replace(/^(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2/, "$1$2UTF-8$2");
  return new TextEncoder().encode(out);
}
