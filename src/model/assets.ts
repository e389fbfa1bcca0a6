/**
 * The images a book refers to, read from inside the manuscript folder only, typed by their
 * content (not their name), and SVGs refused when they could run or fetch anything.
 */
import { imageSize } from "image-size";
import { diag, type Diagnostic } from "../diagnostics.js";
import { readInside } from "../load/files.js";
import type { Asset } from "./book.js";

const BY_EXTENSION: Record<string, string> = {
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", svg: "image/svg+xml",
};

/** Sniffs the real format: a `.png` that is really HTML must not reach an edition as an image. */
function sniff(bytes: Uint8Array): string | undefined {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return "image/png";
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "image/jpeg";
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return "image/gif";
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) return "image/webp";
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return "image/svg+xml";
  return undefined;
}

const SVG_DANGERS: Array<[RegExp, string]> = [
  [/<script[\s>]/i, "a <script> element"],
  [/\son[a-z]+\s*=/i, "an event handler attribute (on…=)"],
  [/<foreignObject[\s>]/i, "a <foreignObject> (HTML inside the image)"],
  [/<!ENTITY/i, "an entity declaration"],
  [/(?:xlink:)?href\s*=\s*["']\s*(?!#)[^"']*/i, "a link or reference to another file"],
  [/url\(\s*["']?\s*(?!#)[a-z]+:/i, "a url() reference to another file"],
  [/javascript:/i, "a javascript: URL"],
];

export interface AssetRef {
  path: string;
  /** Display path of the file that refers to it, and line where known. */
  from: string;
  line?: number;
}

export async function loadAssets({ root, refs }: { root: string; refs: AssetRef[] }): Promise<{ assets: Asset[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const assets = new Map<string, Asset>();
  const failed = new Set<string>();
  for (const ref of refs) {
    if (assets.has(ref.path) || failed.has(ref.path)) continue;
    const where = { file: ref.from, ...(ref.line !== undefined ? { line: ref.line } : {}) };
    const read = await readInside({ rootReal: root, relPath: ref.path });
    if (!read.ok) {
      failed.add(ref.path);
      diagnostics.push(read.reason === "outside" ? diag("load/outside-folder", { message: read.detail, ...where }) : diag("convert/missing-asset", { message: `image ${read.detail}`, ...where }));
      continue;
    }
    const bytes = new Uint8Array(read.bytes);
    const mediaType = sniff(bytes);
    const ext = ref.path.split(".").pop()?.toLowerCase() ?? "";
    if (!mediaType || (BY_EXTENSION[ext] !== undefined && BY_EXTENSION[ext] !== mediaType)) {
      failed.add(ref.path);
      diagnostics.push(diag("convert/unsupported-asset", { message: `image "${ref.path}" is ${mediaType ? `${mediaType} named .${ext}` : "not a PNG, JPEG, GIF, WebP or SVG file"}; use one of those formats with its own extension`, ...where }));
      continue;
    }
    if (mediaType === "image/svg+xml") {
      const text = Buffer.from(bytes).toString("utf8");
      const danger = SVG_DANGERS.find(([re]) => re.test(text));
      if (danger) {
        failed.add(ref.path);
        diagnostics.push(diag("convert/unsafe-asset", { message: `SVG image "${ref.path}" contains ${danger[1]}; remove it (editions never run scripts or load other files)`, ...where }));
        continue;
      }
    }
    const asset: Asset = { path: ref.path, mediaType, bytes };
    if (mediaType !== "image/svg+xml") {
      try {
        const size = imageSize(bytes);
        if (size.width && size.height) [asset.widthPx, asset.heightPx] = [size.width, size.height];
      } catch {
        // Unreadable dimensions only weaken the print preflight; the file itself was sniffed as an image.
      }
    }
    assets.set(ref.path, asset);
  }
  return { assets: [...assets.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), diagnostics };
}
