/**
 * Sanitising pandoc's HTML: manuscripts are untrusted, and raw HTML passes through pandoc.
 * One allow-list drives both the report (each removal a warning naming file and line) and the
 * enforcement (sanitize-html, a maintained allow-list sanitiser).
 */
import { decodeUriPart } from "../model/attributes.js";
import { posix } from "node:path";
import sanitizeHtml from "sanitize-html";
import { diag, type Diagnostic } from "../diagnostics.js";
import { elements, parseFragment, type Element } from "./dom.js";
import { findUrl, type SourceLocator } from "./locate.js";
import { MATHML_ELEMENTS } from "../model/mathml.js";

const BLOCKS = ["p", "div", "section", "aside", "blockquote", "hr", "pre", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6"];
const LISTS = ["ul", "ol", "li", "dl", "dt", "dd"];
const TABLES = ["table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"];
const INLINE = ["a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sup", "sub", "span", "br", "wbr", "code", "kbd", "samp", "var", "q", "cite", "abbr", "dfn", "time", "bdi", "bdo", "ruby", "rt", "rp", "img"];

// Formulas (src/model/mathml.ts): no <maction>, and no href or event attributes on any MathML element.
export const ALLOWED_TAGS = new Set([...BLOCKS, ...LISTS, ...TABLES, ...INLINE, ...MATHML_ELEMENTS]);
/** Text-level elements: at the top level, a run of them is one block (src/convert/top-level.ts). */
export const INLINE_TAGS: ReadonlySet<string> = new Set(INLINE);

/** Elements whose content is not text a reader should see once the element is gone. */
const NON_TEXT = ["script", "style", "noscript", "template", "textarea", "option", "title", "svg", "annotation-xml", "maction", "iframe", "embed", "video", "audio", "canvas"];

const GLOBAL_ATTRS = ["id", "class", "lang", "dir", "title", "role", "aria-*", "style"];

const ALLOWED_ATTRS: Record<string, string[]> = {
  "*": GLOBAL_ATTRS,
  a: ["href"],
  img: ["src", "alt", "width", "height"],
  ol: ["start", "type", "reversed"],
  li: ["value"],
  td: ["colspan", "rowspan", "headers"],
  th: ["colspan", "rowspan", "headers", "scope", "abbr"],
  col: ["span"],
  colgroup: ["span"],
  q: ["cite"],
  blockquote: ["cite"],
  time: ["datetime"],
  bdo: ["dir"],
  math: ["display", "alttext", "displaystyle"],
  annotation: ["encoding"],
  mi: ["mathvariant"],
  mn: ["mathvariant"],
  mo: ["mathvariant", "stretchy", "fence", "separator", "form", "lspace", "rspace", "largeop", "movablelimits", "accent", "minsize", "maxsize", "symmetric"],
  mtext: ["mathvariant"],
  ms: ["mathvariant"],
  mspace: ["width", "height", "depth"],
  mover: ["accent"],
  munder: ["accentunder"],
  munderover: ["accent", "accentunder"],
  mfrac: ["linethickness"],
  mtable: ["columnalign", "rowalign", "columnspacing", "rowspacing", "displaystyle"],
  mtr: ["columnalign", "rowalign"],
  mtd: ["columnalign", "rowalign", "columnspan", "rowspan"],
  mstyle: ["mathvariant", "displaystyle", "scriptlevel"],
  mpadded: ["width", "height", "depth", "lspace", "voffset"],
  menclose: ["notation"],
};

const LENGTH = /^\d+(\.\d+)?(%|px|em|rem|in|cm|mm|pt)?$/;
const ALLOWED_STYLES = {
  "*": {
    "text-align": [/^(left|right|center|justify|start|end)$/],
    width: [LENGTH],
    height: [LENGTH],
  },
};

/** Schemes a link may use; a link is followed only by a reader's choice, never loaded. */
const LINK_SCHEMES = ["http", "https", "mailto"];

/**
 * A link written with non-ASCII characters (an IRI: `http://göögle.com`, `?测=测`) as the ASCII URL
 * it stands for (punycode host, percent-encoded path and query), as a browser would send it:
 * EPUBCheck warns on IRIs (RSC-023) and some reading systems cannot follow them. The link text is
 * the manuscript's and is untouched. A URL that does not parse is left as written.
 */
export function asciiUrl(url: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(url)) return url;
  const scheme = urlScheme(url);
  if (scheme === undefined || !LINK_SCHEMES.includes(scheme)) return url;
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

const asciiAttribute = (attr: string): sanitizeHtml.Transformer => (tagName, attribs) => {
  const value = attribs[attr];
  return { tagName, attribs: value === undefined ? attribs : { ...attribs, [attr]: asciiUrl(value) } };
};

/** A task list's checkbox (`- [x] done`), the one form control a book keeps: its state as the character pandoc's LaTeX prints. */
const isTaskBox = (attribs: Record<string, string>): boolean => (attribs.type ?? "").toLowerCase() === "checkbox";
const taskBox: sanitizeHtml.Transformer = (tagName, attribs) =>
  isTaskBox(attribs) ? { tagName: "span", attribs: { class: "task-box" }, text: attribs.checked !== undefined ? "\u2612" : "\u2610" } : { tagName, attribs };

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: ALLOWED_ATTRS,
  allowedSchemes: LINK_SCHEMES,
  // Images are resources: only paths inside the manuscript (checked again in fragment.ts).
  allowedSchemesByTag: { img: [] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: false,
  allowedStyles: ALLOWED_STYLES,
  disallowedTagsMode: "discard",
  nonTextTags: NON_TEXT,
  enforceHtmlBoundary: false,
  transformTags: { a: asciiAttribute("href"), q: asciiAttribute("cite"), blockquote: asciiAttribute("cite"), input: taskBox },
};

/** The scheme of a URL as a browser would see it (controls and whitespace ignored). */
export function urlScheme(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/<!--[\s\S]*?-->/g, "").replace(/[\u0000-\u0020]/g, "");
  if (/^[/\\]{2}/.test(cleaned)) return "//";
  return /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
}

/** Why an image source is refused, or undefined when it names a file inside the manuscript. */
export function unsafeImageSrc(src: string): string | undefined {
  const scheme = urlScheme(src);
  if (scheme === "//" || scheme === "http" || scheme === "https") return "a remote image (editions never load anything from outside the book)";
  if (scheme !== undefined) return `an image with a ${scheme}: URL`;
  const path = decodePath(src).replace(/\\/g, "/");
  if (path.startsWith("/")) return "an image with an absolute path";
  const normal = posix.normalize(path);
  if (normal === ".." || normal.startsWith("../")) return "an image path that leaves the manuscript folder";
  return undefined;
}

export function decodePath(src: string): string {
  return decodeUriPart(src.replace(/[?#].*$/, ""));
}

export interface Sanitized {
  html: string;
  diagnostics: Diagnostic[];
}

/** Reports what the allow-list will remove, then removes it. */
export function sanitizeFragment({ html, sourceFile, locate }: { html: string; sourceFile: string; locate: SourceLocator }): Sanitized {
  const diagnostics = scan({ html, sourceFile, locate });
  return { html: sanitizeHtml(html, OPTIONS), diagnostics };
}

function scan({ html, sourceFile, locate }: { html: string; sourceFile: string; locate: SourceLocator }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const skipped = new Set<Element>();
  for (const el of elements(parseFragment(html))) {
    if (el.parent && skipped.has(el.parent as Element)) {
      skipped.add(el);
      continue;
    }
    const name = el.name;
    if (name === "script") {
      out.push(diag("convert/removed-script", { message: "a <script> element was removed; editions never run code from the manuscript", file: sourceFile, line: locate.find(`<script`) }));
      skipped.add(el);
      continue;
    }
    // pandoc 3 wraps a task item's text and box in a <label>: its tag goes, its text stays, unreported.
    if ((name === "input" && isTaskBox(el.attribs)) || (name === "label" && el.children.some((c) => "name" in c && c.name === "input" && isTaskBox((c as Element).attribs)))) continue;
    if (!ALLOWED_TAGS.has(name)) {
      const what = name === "meta" && el.attribs["http-equiv"] !== undefined ? `<meta http-equiv="${el.attribs["http-equiv"]}">` : `<${name}>`;
      out.push(diag("convert/removed-element", { message: `a ${what} element was removed (not allowed in a book: ${NON_TEXT.includes(name) ? "element and content" : "tag only, its text kept"})`, file: sourceFile, line: locate.find(`<${name}`) }));
      if (NON_TEXT.includes(name)) skipped.add(el);
      // Its attributes go with it; no need to report them one by one.
      continue;
    }
    for (const [attr, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(attr)) {
        out.push(diag("convert/removed-script", { message: `an event handler (${attr}) was removed from a <${name}> element`, file: sourceFile, line: locate.find(attr) }));
      } else if (name === "img" && attr === "src") {
        const why = unsafeImageSrc(value);
        const alt = el.attribs.alt?.trim() ? ` (its text "${truncate(el.attribs.alt.trim())}" stays)` : "";
        if (why) out.push(diag("convert/removed-url", { message: `${why} was removed: ${truncate(value)}${alt}`, file: sourceFile, line: findUrl(locate, value) }));
      } else if (attr === "href" || attr === "cite") {
        const scheme = urlScheme(value);
        if (scheme === "//" || (scheme !== undefined && !LINK_SCHEMES.includes(scheme))) {
          out.push(diag("convert/removed-url", { message: `a ${scheme === "//" ? "protocol-relative" : `${scheme}:`} URL was removed from a <${name}> element: ${truncate(value)}`, file: sourceFile, line: findUrl(locate, value) ?? locate.find(`<${name}`) }));
        }
      } else if (!/^(href|src)$/.test(attr) && /^(src|srcset|poster|background|data|action|formaction|xlink:href)$/.test(attr)) {
        out.push(diag("convert/removed-url", { message: `a ${attr} attribute was removed from a <${name}> element: ${truncate(value)}`, file: sourceFile, line: locate.find(value) }));
      }
    }
  }
  return out;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
