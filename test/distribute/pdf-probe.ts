/**
 * Test helpers for imposed PDFs: a numbered book made with pdf-lib, and three independent ways of
 * reading a sheet back: the page labels poppler's pdftotext finds on each half, where the content
 * stream really put each embedded page (the `cm` matrices before each `Do`, applied to the form's
 * BBox), and the colours pdftoppm paints (to see that bleed outside the TrimBox was clipped).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePDFRawStream, degrees, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, rgb, StandardFonts, type PDFPage } from "pdf-lib";

export interface BookSpec {
  pages: number;
  /** Trim size in points (default 6×9 in). */
  width?: number;
  height?: number;
  /** Bleed around the trim, in points: MediaBox grows, TrimBox marks the page, bleed is painted red. */
  bleed?: number;
  /** /Rotate for every page. */
  rotate?: number;
}

/** A book whose page N says "Page N" in the middle, with a frame at its trim edge. */
export async function numberedPdf({ pages, width = 432, height = 648, bleed = 0, rotate = 0 }: BookSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([width + 2 * bleed, height + 2 * bleed]);
    if (bleed > 0) {
      page.drawRectangle({ x: 0, y: 0, width: width + 2 * bleed, height: height + 2 * bleed, color: rgb(1, 0, 0) });
      page.drawRectangle({ x: bleed, y: bleed, width, height, color: rgb(1, 1, 1) });
      page.setTrimBox(bleed, bleed, width, height);
      page.setBleedBox(0, 0, width + 2 * bleed, height + 2 * bleed);
    }
    page.drawRectangle({ x: bleed + 1, y: bleed + 1, width: width - 2, height: height - 2, borderColor: rgb(0, 0, 1), borderWidth: 2 });
    const label = `Page ${n}`;
    page.drawText(label, { x: bleed + (width - font.widthOfTextAtSize(label, 40)) / 2, y: bleed + height / 2, size: 40, font });
    if (rotate) page.setRotation(degrees(rotate));
  }
  doc.setTitle("Numbered test book");
  doc.setAuthor("Test Author");
  doc.setLanguage("en");
  doc.setCreationDate(new Date("2024-07-31T00:00:00Z"));
  doc.setModificationDate(new Date("2024-07-31T00:00:00Z"));
  return doc.save();
}

function withFile<T>(bytes: Uint8Array, run: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "imprint-booklet-"));
  try {
    const file = join(dir, "in.pdf");
    writeFileSync(file, bytes);
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For every sheet side: the page label pdftotext reads on its left and right half (null: none). */
export function labelsPerHalf(pdf: Uint8Array): Array<{ left: number | null; right: number | null }> {
  return withFile(pdf, (file) => {
    const html = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
    const sides: Array<{ left: number | null; right: number | null }> = [];
    for (const page of html.split("<page ").slice(1)) {
      const width = Number(/width="([\d.]+)"/.exec(page)?.[1]);
      const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), text: m[3] as string }));
      const side: { left: number | null; right: number | null } = { left: null, right: null };
      words.forEach((w, i) => {
        const next = words[i + 1];
        if (w.text === "Page" && next && /^\d+$/.test(next.text)) side[w.x < width / 2 ? "left" : "right"] = Number(next.text);
      });
      sides.push(side);
    }
    return sides;
  });
}

/** The text of one page of the imposed PDF. */
export function pageText(pdf: Uint8Array, page: number): string {
  return withFile(pdf, (file) => execFileSync("pdftotext", ["-f", String(page), "-l", String(page), "-layout", file, "-"], { encoding: "utf8" }));
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

export interface PlacedForm {
  name: string;
  /** The form's BBox mapped onto the sheet: its axis-aligned bounds. */
  box: { x0: number; y0: number; x1: number; y1: number };
  /** Scale factors along the form's x and y axes (equal for a uniform scale). */
  sx: number;
  sy: number;
}

function contentBytes(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => page.doc.context.lookup(r)) : [contents];
  return streams
    .map((s) => (s instanceof PDFRawStream ? new TextDecoder("latin1").decode(decodePDFRawStream(s).decode()) : ""))
    .join("\n");
}

/** Every form XObject a sheet draws, and where its BBox lands, read from the content stream. */
export async function placedForms(pdf: Uint8Array): Promise<{ sheets: Array<{ width: number; height: number; forms: PlacedForm[] }> }> {
  const doc = await PDFDocument.load(pdf);
  const sheets = doc.getPages().map((page) => {
    const xobjects = page.node.Resources()?.lookup(PDFName.of("XObject"), PDFDict);
    const tokens = contentBytes(page).split(/\s+/).filter(Boolean);
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const saved: Matrix[] = [];
    const operands: string[] = [];
    const forms: PlacedForm[] = [];
    for (const t of tokens) {
      if (t === "q") saved.push(ctm);
      else if (t === "Q") ctm = saved.pop() ?? [1, 0, 0, 1, 0, 0];
      else if (t === "cm") ctm = multiply(operands.slice(-6).map(Number) as Matrix, ctm);
      else if (t === "Do") {
        const name = (operands.at(-1) ?? "").replace(/^\//, "");
        const form = xobjects?.lookup(PDFName.of(name)) as PDFRawStream | undefined;
        const bbox = (form?.dict.lookup(PDFName.of("BBox"), PDFArray)?.asArray() ?? []).map((n) => (n as PDFNumber).asNumber());
        const fm = ((form?.dict.lookup(PDFName.of("Matrix"), PDFArray)?.asArray() ?? []).map((n) => (n as PDFNumber).asNumber()) as Matrix | []);
        const m = fm.length === 6 ? multiply(fm as Matrix, ctm) : ctm;
        const [bx0, by0, bx1, by1] = bbox as [number, number, number, number];
        const corners = [apply(m, bx0, by0), apply(m, bx1, by0), apply(m, bx0, by1), apply(m, bx1, by1)];
        const xs = corners.map((c) => c[0]);
        const ys = corners.map((c) => c[1]);
        forms.push({ name, box: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) }, sx: Math.hypot(m[0], m[1]), sy: Math.hypot(m[2], m[3]) });
      }
      if (t === "q" || t === "Q" || t === "cm" || t === "Do" || /^[A-Za-z'"*]+$/.test(t)) operands.length = 0;
      else operands.push(t);
    }
    const { width, height } = page.getSize();
    return { width, height, forms };
  });
  return { sheets };
}

/**
 * How many pixels pdftoppm paints red (the test books' bleed colour) on a page, at 72 dpi (one
 * pixel a point), leaving out those within `keepOut` points of one of `boxes` (sheet coordinates,
 * y up): a clipped edge may blend red into its last row of pixels, bleed that was not clipped
 * paints a band as wide as the bleed.
 */
export function redPixels(pdf: Uint8Array, page: number, { boxes = [], keepOut = 1.5 }: { boxes?: Array<{ x0: number; y0: number; x1: number; y1: number }>; keepOut?: number } = {}): number {
  return withFile(pdf, (file) => {
    const out = file.replace(/in\.pdf$/, "out");
    execFileSync("pdftoppm", ["-r", "72", "-f", String(page), "-l", String(page), "-singlefile", file, out]);
    const ppm = readFileSync(`${out}.ppm`);
    // P6 header: magic, width, height, maxval, each followed by whitespace.
    let offset = 0;
    const fields: string[] = [];
    while (fields.length < 4) {
      let s = "";
      while (/\s/.test(String.fromCharCode(ppm[offset] as number))) offset++;
      while (!/\s/.test(String.fromCharCode(ppm[offset] as number))) s += String.fromCharCode(ppm[offset++] as number);
      fields.push(s);
    }
    offset++;
    const [width, height] = [Number(fields[1]), Number(fields[2])];
    const near = (x: number, y: number) => boxes.some((b) => x > b.x0 - keepOut && x < b.x1 + keepOut && y > b.y0 - keepOut && y < b.y1 + keepOut && !(x > b.x0 + keepOut && x < b.x1 - keepOut && y > b.y0 + keepOut && y < b.y1 - keepOut));
    let red = 0;
    for (let py = 0; py < height; py++) {
      for (let px = 0; px < width; px++) {
        const i = offset + 3 * (py * width + px);
        if ((ppm[i] as number) > 200 && (ppm[i + 1] as number) < 80 && (ppm[i + 2] as number) < 80 && !near(px + 0.5, height - py - 0.5)) red++;
      }
    }
    return red;
  });
}
