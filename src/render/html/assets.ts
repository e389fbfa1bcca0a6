/**
 * Makes the Book's HTML self-contained: every reference to a book asset becomes a `data:` URL, so
 * the HTML edition is one file that loads nothing. SVG goes as a data URL in `<img>` too (never
 * inlined as markup), so a script inside an SVG can never run.
 *
 * It works on the DOM, not on the markup's text: only the attributes of elements that make a
 * browser load something are rewritten. Text is never touched, so a code sample that shows
 * `<img src="images/x.png">` or `<audio src="https://…">` (escaped text inside `<pre>`) stays
 * exactly as written. Links (`<a href>`) are followed only by a reader's choice, so they stay too.
 */
import { decodeUriPart } from "../../model/attributes.js";
import { diag, type Diagnostic } from "../../diagnostics.js";
import { elements, parseFragment, serialize, type Element } from "../../convert/dom.js";
import type { Asset } from "../../model/book.js";

export interface InlineAssetsResult {
  html: string;
  diagnostics: Diagnostic[];
}

export function dataUrl(asset: Asset): string {
  return `data:${asset.mediaType};base64,${Buffer.from(asset.bytes).toString("base64")}`;
}


/**
 * Which attribute of which element makes the browser fetch something by itself (HTML's and SVG's
 * "fetch" attributes). `*` applies to every element: `background` is still honoured on body,
 * table and cells. `href` loads only on `link` and the SVG elements; on `a` and `area` it does not.
 */
const LOADING: Readonly<Record<string, readonly string[]>> = {
  "*": ["background"],
  img: ["src"],
  input: ["src"],
  video: ["src", "poster"],
  audio: ["src"],
  source: ["src"],
  track: ["src"],
  embed: ["src"],
  iframe: ["src"],
  frame: ["src"],
  script: ["src"],
  object: ["data"],
  link: ["href"],
  // SVG (htmlparser2 lowercases names, so feImage arrives as feimage).
  image: ["href", "xlink:href"],
  use: ["href", "xlink:href"],
  feimage: ["href", "xlink:href"],
};

function loadingAttributes(el: Element): string[] {
  return [...(LOADING["*"] ?? []), ...(LOADING[el.name] ?? [])].filter((name) => el.attribs[name] !== undefined);
}

/**
 * The URLs of a srcset, in order (HTML's "parse a srcset attribute": a URL runs to the next
 * whitespace, a trailing comma ends it, descriptors run to the next comma outside parentheses).
 * Only the URLs matter here; descriptors are read past, not checked.
 */
export function srcsetUrls(value: string): string[] {
  const urls: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i] ?? "")) i++;
    if (i >= value.length) break;
    let j = i;
    while (j < value.length && !/\s/.test(value[j] ?? "")) j++;
    let url = value.slice(i, j);
    i = j;
    if (/,+$/.test(url)) {
      url = url.replace(/,+$/, "");
    } else {
      let depth = 0;
      while (i < value.length && !(value[i] === "," && depth === 0)) {
        if (value[i] === "(") depth++;
        else if (value[i] === ")") depth = Math.max(0, depth - 1);
        i++;
      }
    }
    if (url !== "") urls.push(url);
  }
  return urls;
}

export function inlineAssets({ html, assets, sourceFile }: { html: string; assets: readonly Asset[]; sourceFile: string }): InlineAssetsResult {
  const byPath = new Map(assets.map((a) => [a.path, a]));
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  const assetOf = (value: string): Asset | undefined => byPath.get(decodeUriPart(value.replace(/^\.\//, "").split(/[?#]/)[0] ?? ""));
  let changed = false;

  const root = parseFragment(html);
  for (const el of elements(root)) {
    const srcset = el.attribs.srcset;
    if (srcset !== undefined) {
      changed = true;
      delete el.attribs.srcset;
      const first = srcsetUrls(srcset).find((url) => assetOf(url) !== undefined);
      const kept = el.attribs.src === undefined && first !== undefined && (LOADING[el.name] ?? []).includes("src");
      if (kept) el.attribs.src = first;
      diagnostics.push(
        diag("render/srcset", {
          message: `the srcset of an <${el.name}> element was left out ("${truncate(srcset)}"); the HTML edition carries one image per element, ${kept ? `its first book image "${first}"` : el.attribs.src !== undefined ? `its src "${truncate(el.attribs.src)}"` : "and none of the srcset is a file of the book"}`,
          file: sourceFile,
          field: "srcset",
        }),
      );
    }
    for (const name of loadingAttributes(el)) {
      const value = el.attribs[name] ?? "";
      if (value.startsWith("data:") || value.startsWith("#")) continue;
      changed = true;
      const asset = assetOf(value);
      if (asset) {
        const hash = value.indexOf("#");
        // A fragment picks a view or symbol inside an SVG; it survives in the data: URL.
        el.attribs[name] = dataUrl(asset) + (hash >= 0 ? value.slice(hash) : "");
        continue;
      }
      delete el.attribs[name];
      if (!reported.has(value)) {
        reported.add(value);
        diagnostics.push(
          diag("render/unresolved-resource", {
            message: `"${value}" (${name} of an <${el.name}> element) is not a file of the book, so the HTML edition leaves it out`,
            file: sourceFile,
            field: name,
            hint: "Put the file in the manuscript's images/ folder and refer to it by that relative path.",
          }),
        );
      }
    }
  }
  // Untouched HTML is returned as given, byte for byte: no reason to re-serialise it.
  return { html: changed ? serialize(root.children) : html, diagnostics };
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
