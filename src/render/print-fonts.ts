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
  mediaType: "font/otf";
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

function otfDir(): string {
  dir ??= join(dirname(createRequire(import.meta.url).resolve("source-serif/package.json")), "OTF");
  return dir;
}

/** The six print styles (regular, semibold, bold; each upright and italic). */
export function printFontFiles(): PrintFontFile[] {
  return FILES.map((f) => ({ ...f, family: PRINT_FONT_FAMILY, path: join(otfDir(), f.fileName), mediaType: "font/otf" as const }));
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
