/**
 * The images a book refers to, read from inside the manuscript folder only, typed by their
 * content (not their name), and SVGs refused when they could run or fetch anything.
 */
import { imageSize } from "image-size";
import type { DiagnosticCode } from "../codes.js";
import { diag, type Diagnostic } from "../diagnostics.js";
import { readInside } from "../load/files.js";
import { imageStructureProblem } from "../load/image-structure.js";
import { resolveLimits, type Limits } from "../load/limits.js";
import { checkSvg, looksLikeSvg } from "../load/svg.js";
import type { Asset } from "./book.js";

const BY_EXTENSION: Record<string, string> = {
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", svg: "image/svg+xml",
};

/** Sniffs the real format: a `.png` that is really HTML must not reach an edition as an image. */
export function sniff(bytes: Uint8Array): string | undefined {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return "image/png";
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "image/jpeg";
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return "image/gif";
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) return "image/webp";
  if (looksLikeSvg(bytes)) return "image/svg+xml";
  return undefined;
}

export interface AssetRef {
  path: string;
  /** Display path of the file that refers to it, and line where known. */
  from: string;
  line?: number;
}

export interface LoadAssetsOptions {
  root: string;
  refs: AssetRef[];
  /** Caps on image size and SVG complexity; DEFAULT_LIMITS where left out. */
  limits?: Partial<Limits>;
}

export async function loadAssets({ root, refs, limits: given }: LoadAssetsOptions): Promise<{ assets: Asset[]; diagnostics: Diagnostic[] }> {
  const limits = resolveLimits(given);
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
      const right = Object.entries(BY_EXTENSION).find(([, type]) => type === mediaType)?.[0];
      const message = bytes.length === 0 ? `image "${ref.path}" is an empty file (0 bytes); save the image again`
        : mediaType ? `image "${ref.path}" is ${mediaType} named .${ext}; rename it .${right ?? "the extension of its format"}`
        : `image "${ref.path}" is not a PNG, JPEG, GIF, WebP or SVG file; save it in one of those formats, with its extension`;
      diagnostics.push(diag("convert/unsupported-asset", { message, ...where }));
      continue;
    }
    const checked = mediaType === "image/svg+xml" ? loadSvg({ bytes, path: ref.path, limits }) : loadRaster({ bytes, mediaType, path: ref.path, limits });
    if ("problem" in checked) {
      failed.add(ref.path);
      diagnostics.push(diag(checked.problem.code, { message: checked.problem.problem, ...where }));
      continue;
    }
    const asset: Asset = { path: ref.path, mediaType, ...checked.value };
    assets.set(ref.path, asset);
  }
  const sorted = [...assets.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const total = totalPixelsProblem({ assets: sorted, refs, limits });
  if (total) diagnostics.push(total);
  return { assets: sorted, diagnostics };
}

/** Each image may be under its own cap and all of them together still too much to decode at once. */
function totalPixelsProblem({ assets, refs, limits }: { assets: Asset[]; refs: AssetRef[]; limits: Limits }): Diagnostic | undefined {
  const pixels = (a: Asset) => (a.widthPx ?? 0) * (a.heightPx ?? 0);
  const total = assets.reduce((sum, a) => sum + pixels(a), 0);
  if (total <= limits.maxTotalImagePixels) return undefined;
  const largest = [...assets].sort((a, b) => pixels(b) - pixels(a)).slice(0, 3);
  const first = refs.find((r) => r.path === largest[0]?.path);
  const mp = (n: number) => `${n >= 1e7 ? Math.round(n / 1e6) : (n / 1e6).toFixed(1)} MP`;
  return diag("convert/image-too-large", {
    message: `the book's ${assets.length} images have ${mp(total)} in all (at most ${mp(limits.maxTotalImagePixels)}, as print decodes them all at once); the largest: ${largest.map((a) => `"${a.path}" ${mp(pixels(a))}`).join(", ")}. Scale them down (300 dpi at their printed size is plenty: a full 6x9 page is 5 MP), or raise the cap with --limit max-total-image-pixels=N`,
    ...(first ? { file: first.from, ...(first.line !== undefined ? { line: first.line } : {}) } : {}),
  });
}

interface Problem {
  code: DiagnosticCode;
  /** The whole message; it names the image (and the line inside an SVG). */
  problem: string;
}

type Checked = { value: Omit<Asset, "path" | "mediaType"> } | { problem: Problem };

function loadSvg({ bytes, path, limits }: { bytes: Uint8Array; path: string; limits: Limits }): Checked {
  const svg = checkSvg({ bytes, limits });
  if (!svg.ok) return { problem: { code: svg.code, problem: `SVG image "${path}"${svg.line !== undefined ? ` (line ${svg.line})` : ""} ${svg.problem}` } };
  // Without its DOCTYPE (EPUB forbids one in SVG; nothing else changes), so every edition carries the same bytes.
  return { value: { bytes: svg.bytes } };
}

/** Size from the header (nothing is decoded), capped; then the structure walked end to end. */
function loadRaster({ bytes, mediaType, path, limits }: { bytes: Uint8Array; mediaType: string; path: string; limits: Limits }): Checked {
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = imageSize(bytes));
  } catch {
    // Handled below: a header image-size cannot read is a broken image.
  }
  if (width && height && width * height > limits.maxImagePixels) {
    return {
      problem: {
        code: "convert/image-too-large",
        problem: `image "${path}" is ${width}x${height} pixels (${width * height} pixels; at most ${limits.maxImagePixels}); scale it down, or raise the cap with --max-image-pixels N`,
      },
    };
  }
  const broken = imageStructureProblem({ bytes, mediaType });
  if (broken) return { problem: { code: "convert/broken-image", problem: `image "${path}" ${broken}` } };
  // Dimensions image-size cannot read in a whole file only weaken the print preflight.
  return { value: { bytes, ...(width && height ? { widthPx: width, heightPx: height } : {}) } };
}
