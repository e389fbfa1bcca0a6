/**
 * The full Source Serif 4 (npm `source-serif`, SIL OFL 1.1) for the print engines. Unlike the
 * fontsource web subsets in fonts.ts, these files carry every OpenType feature, real small caps
 * (`smcp`, `c2sc`) and oldstyle figures among them, so a print engine never fakes small caps
 * (faked ones extract from the PDF as tracked-apart letters). Typst reads the OTF bytes; Chromium
 * can load the same files through @font-face.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const PRINT_FONT_FAMILY = "Source Serif 4";

export interface PrintFontFile {
  family: string;
  weight: 400 | 600 | 700;
  style: "normal" | "italic";
  /** e.g. "SourceSerif4-Regular.otf". */
  fileName: string;
  path: string;
  mediaType: "font/otf" | "font/ttf";
}

const FILES: Array<Pick<PrintFontFile, "weight" | "style" | "fileName">> = [
  { weight: 400, style: "normal", fileName: "SourceSerif4-Regular.otf" },
  { weight: 400, style: "italic", fileName: "SourceSerif4-It.otf" },
  { weight: 600, style: "normal", fileName: "SourceSerif4-Semibold.otf" },
  { weight: 600, style: "italic", fileName: "SourceSerif4-SemiboldIt.otf" },
  { weight: 700, style: "normal", fileName: "SourceSerif4-Bold.otf" },
  { weight: 700, style: "italic", fileName: "SourceSerif4-BoldIt.otf" },
];

let dir: string | undefined;
const bytesCache = new Map<string, Uint8Array>();

function packageDir(): string {
  dir ??= dirname(createRequire(import.meta.url).resolve("source-serif/package.json"));
  return dir;
}

/** Any file of the `source-serif` package by folder and name (e.g. "OTF", "SourceSerif4SmText-Regular.otf"). */
export function sourceSerifPath({ folder, fileName }: { folder: "OTF" | "TTF"; fileName: string }): string {
  return join(packageDir(), folder, fileName);
}

/**
 * The six print styles (regular, semibold, bold; each upright and italic). `format: "ttf"` gives
 * the TrueType-outline build of the same fonts (same features): Chromium's PDF backend (Skia)
 * embeds only TrueType outlines and turns CFF-flavoured OTF into Type 3 fonts.
 */
export function printFontFiles({ format = "otf" }: { format?: "otf" | "ttf" } = {}): PrintFontFile[] {
  const folder = format === "ttf" ? "TTF" : "OTF";
  return FILES.map((f) => {
    const fileName = format === "ttf" ? f.fileName.replace(/\.otf$/, ".ttf") : f.fileName;
    return { ...f, fileName, family: PRINT_FONT_FAMILY, path: join(packageDir(), folder, fileName), mediaType: format === "ttf" ? ("font/ttf" as const) : ("font/otf" as const) };
  });
}

/** A file's bytes, read once per process. */
export function printFontBytes(file: PrintFontFile): Uint8Array {
  let bytes = bytesCache.get(file.path);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(file.path));
    bytesCache.set(file.path, bytes);
  }
  return bytes;
}
