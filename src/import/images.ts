/**
 * A .docx/.odt's images: which zip entries to copy to images/, under what safe names, and the
 * document's image references rewritten to them in pandoc's AST (before the Markdown is written).
 *
 * pandoc's `--extract-media` is refused by our adapter (it writes where pandoc chooses), so the
 * images are read from the zip here. Every entry of the media folder is copied; an image the
 * document keeps elsewhere (a .docx relationship target such as `/media/four.png`, which pandoc
 * 2.17 gives as written and 3.x without its slash) is found by its reference. What the editions
 * cannot show (EMF, WMF, TIFF, BMP…) and what the document does not hold are reported per image.
 */
import { basename, posix } from "node:path";
import { diag, type Diagnostic } from "../diagnostics.js";
import { sniff } from "../model/assets.js";
import { isNode, type Json } from "./pandoc-ast.js";
import type { DocumentZip } from "./zip.js";

/** Where each format keeps its images inside the zip, as pandoc's references start. */
const MEDIA_DIRS = { docx: "word/media/", odt: "Pictures/" } as const;
const IMAGE_EXT = /\.(png|jpe?g|gif|svg|webp|tiff?|bmp|emf|wmf)$/i;

/** ASCII letters, digits, `.`, `_`, `-` only; never a path, never hidden. */
export function safeMediaName(name: string): string {
  const cleaned = basename(name).replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "");
  return cleaned === "" ? "image" : cleaned;
}

export interface PlannedImage {
  /** The zip entry, e.g. word/media/image1.png. */
  entry: string;
  /** Its path in the manuscript, e.g. images/image1.png. */
  path: string;
}

/** The zip entries a reference may mean: a .docx's targets are relative to word/, or absolute in the package. */
function candidates(url: string, format: "docx" | "odt"): string[] {
  const inside = (p: string): string | undefined => {
    const n = posix.normalize(p);
    return n.startsWith("../") || n === ".." || n.startsWith("/") ? undefined : n;
  };
  const list = url.startsWith("/") ? [url.slice(1)] : format === "docx" ? [`word/${url}`, url] : [url];
  return list.map(inside).filter((p): p is string => p !== undefined);
}

/** Every Image node's target, in document order, for rewriting in place. */
function images(value: Json, out: Json[][] = []): Json[][] {
  if (Array.isArray(value)) for (const v of value) images(v, out);
  else if (isNode(value) && value.c !== undefined) {
    const target = value.t === "Image" && Array.isArray(value.c) ? value.c[2] : undefined;
    if (Array.isArray(target) && typeof target[0] === "string") out.push(target);
    images(value.c, out);
  }
  return out;
}

/**
 * Names the images to copy and points the blocks' Image targets at them. A reference the
 * document does not hold is left as it is, with an `import/image` warning.
 */
export function planImages(options: { file: string; zip: DocumentZip; format: "docx" | "odt"; blocks: Json[]; diagnostics: Diagnostic[] }): PlannedImage[] {
  const { file, format } = options;
  // A referenced entry is copied whatever its name (an .odt's .svm, say), to be warned about below.
  const present = new Set(options.zip.entries.map((e) => e.name));
  const wanted = [...present].filter((n) => n.startsWith(MEDIA_DIRS[format]) && IMAGE_EXT.test(n));
  const targets = images(options.blocks);
  const entryOf = new Map<Json[], string>();
  for (const target of targets) {
    const url = target[0] as string;
    // Addresses are the build's business (it refuses remote images with its own warning).
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) continue;
    const entry = candidates(url, format).find((c) => present.has(c));
    if (entry === undefined) {
      options.diagnostics.push(diag("import/image", { file, field: url, message: `the image "${url}" is not inside the document, so it was not copied; put the image in images/ and change its reference in 01-text.md` }));
      continue;
    }
    entryOf.set(target, entry);
    if (!wanted.includes(entry)) wanted.push(entry);
  }
  const used = new Set<string>();
  const pathOf = new Map<string, string>();
  for (const entry of wanted) {
    const inner = entry.startsWith(MEDIA_DIRS[format]) ? entry.slice(MEDIA_DIRS[format].length) : entry;
    let name = safeMediaName(inner);
    for (let n = 2; used.has(name); n++) name = `${n}-${safeMediaName(inner)}`;
    used.add(name);
    pathOf.set(entry, `images/${name}`);
  }
  for (const [target, entry] of entryOf) target[0] = pathOf.get(entry) ?? (target[0] as string);
  return wanted.map((entry) => ({ entry, path: pathOf.get(entry) ?? entry }));
}

/** An `import/image` warning when an image copied is in a format no edition can show, else undefined. */
export function unshowableImage(options: { file: string; image: PlannedImage; bytes: Uint8Array }): Diagnostic | undefined {
  if (sniff(options.bytes) !== undefined) return undefined;
  const { entry, path } = options.image;
  const kind = /\.([a-z0-9]+)$/i.exec(entry)?.[1]?.toUpperCase() ?? "an unknown format";
  return diag("import/image", {
    file: options.file,
    field: entry,
    message: `the image ${path} (${entry} in the document) is ${kind}, which no edition can show; convert it to PNG or SVG (LibreOffice Draw or Inkscape can open EMF and WMF) and change the reference in 01-text.md to the new file`,
  });
}
