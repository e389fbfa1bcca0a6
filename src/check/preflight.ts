/**
 * Print-on-demand preflight of an interior PDF: what KDP or IngramSpark would reject, as
 * diagnostics (check/preflight). Fonts, boxes and page count are read with pdf-lib; margins and
 * image resolution with poppler (`pdftotext -bbox`, `pdfimages -list`), skipped with
 * check/tool-missing when poppler is absent.
 *
 * Sources (checked 2026):
 * - KDP, "Paperback page count" / "Print options": 24 pages minimum; 828 maximum on white paper,
 *   776 on cream (6x9 and the other common black-and-white trims). Odd counts are accepted (KDP
 *   adds a blank page).
 * - KDP, "Set trim size, bleed and margins": inside margin by page count (geometry.ts's table);
 *   outside/top/bottom at least 0.25 in, 0.375 in with bleed; bleed adds 0.125 in to the width and
 *   0.25 in to the height; fonts embedded; images at least 300 ppi; no crop marks.
 * - IngramSpark, FAQ: 18 pages minimum for every binding; "File Requirements for Print Books":
 *   all fonts embedded, no crop/registration/printer marks, margins at least 0.5 in from the trim
 *   on all sides, the final page blank (an even page count). Maximum 1,200 pages (the thinnest
 *   stock; less on heavier paper).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from "pdf-lib";
import { diag, type Diagnostic } from "../diagnostics.js";
import { runTool, withTempDir } from "./run-tool.js";
import { gutterOnLeft, minimumGutterIn, PT_PER_IN, PT_PER_MM } from "../render/pdf/geometry.js";


export type PreflightProfile = "kdp" | "ingram";

export interface PreflightOptions {
  bytes: Uint8Array;
  file: string;
  profile: PreflightProfile;
  /** The intended trim; without it the first page's TrimBox (or MediaBox) is taken as the trim. */
  trim?: { widthMm: number; heightMm: number };
  bleed?: boolean;
  /** Reading direction: a right-to-left book binds on the right, so its rectos' gutter is on the right. */
  direction?: "ltr" | "rtl";
}

const LIMITS: Record<PreflightProfile, { name: string; minPages: number; maxPages: number; even: boolean; edgeIn: number; edgeBleedIn: number; gutterFloorIn: number }> = {
  kdp: { name: "KDP", minPages: 24, maxPages: 828, even: false, edgeIn: 0.25, edgeBleedIn: 0.375, gutterFloorIn: 0 },
  ingram: { name: "IngramSpark", minPages: 18, maxPages: 1200, even: true, edgeIn: 0.5, edgeBleedIn: 0.5, gutterFloorIn: 0.5 },
};
const BLEED_IN = 0.125;
const TOLERANCE_PT = 1;
const MIN_PPI = 300;

export async function preflightPdf({ bytes, file, profile, trim, bleed = false, direction = "ltr" }: PreflightOptions): Promise<Diagnostic[]> {
  const limits = LIMITS[profile];
  const out: Diagnostic[] = [];
  const problem = (message: string, hint?: string): void => {
    out.push(diag("check/preflight", { message: `${limits.name}: ${message}`, file, ...(hint ? { hint } : {}) }));
  };
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    problem(`the file is not a readable PDF (${error instanceof Error ? error.message : String(error)})`);
    return out;
  }

  // Fonts.
  for (const name of unembeddedFonts({ doc })) problem(`font ${name} is not embedded`, "Every font must be embedded; imprint's own PDFs embed theirs, so this comes from an image or a template that names a font by reference.");

  // Page count.
  const count = doc.getPageCount();
  if (count < limits.minPages) problem(`${count} pages; a paperback needs at least ${limits.minPages}`, "Add pages (front or back matter) or publish a longer collection.");
  if (count > limits.maxPages) problem(`${count} pages; the maximum is ${limits.maxPages}`, "Choose a larger trim size or split the book into volumes.");
  if (limits.even && count % 2 === 1) problem(`${count} pages, an odd number; the interior must end on a blank verso`);

  // Page size: the trim (TrimBox, else MediaBox) and, with bleed, the bleed box / page.
  const first = doc.getPage(0);
  const trimBox = first.getTrimBox();
  const want = trim ? { w: trim.widthMm * PT_PER_MM, h: trim.heightMm * PT_PER_MM } : { w: trimBox.width, h: trimBox.height };
  const pageMm = (w: number, h: number): string => `${(w / PT_PER_MM).toFixed(1)} × ${(h / PT_PER_MM).toFixed(1)} mm`;
  const wantPage = bleed ? { w: want.w + BLEED_IN * PT_PER_IN, h: want.h + 2 * BLEED_IN * PT_PER_IN } : want;
  // Reported once per kind of fault, naming the first page and how many share it.
  const wrongTrim: number[] = [];
  const wrongMedia: number[] = [];
  doc.getPages().forEach((page, i) => {
    const media = page.getMediaBox();
    const t = page.getTrimBox();
    if (Math.abs(t.width - want.w) > TOLERANCE_PT || Math.abs(t.height - want.h) > TOLERANCE_PT) wrongTrim.push(i);
    if (Math.abs(media.width - wantPage.w) > TOLERANCE_PT || Math.abs(media.height - wantPage.h) > TOLERANCE_PT) wrongMedia.push(i);
  });
  const which = (list: number[]): string => (list.length === 1 ? `page ${(list[0] ?? 0) + 1}` : `${list.length} pages (from page ${(list[0] ?? 0) + 1})`);
  if (wrongTrim[0] !== undefined) {
    const t = doc.getPage(wrongTrim[0]).getTrimBox();
    problem(`${which(wrongTrim)}: trimmed to ${pageMm(t.width, t.height)}, not ${pageMm(want.w, want.h)}`);
  }
  if (wrongMedia[0] !== undefined) {
    const media = doc.getPage(wrongMedia[0]).getMediaBox();
    problem(
      `${which(wrongMedia)}: the page measures ${pageMm(media.width, media.height)}; it must be ${pageMm(wantPage.w, wantPage.h)} (the trim${bleed ? " plus 0.125 in bleed on the outside, top and bottom" : ""})`,
      media.width > wantPage.w ? "A page larger than trim + bleed usually carries crop marks, which print-on-demand services reject: set the print preflight in metadata.yaml so imprint leaves them out." : undefined,
    );
  }
  if (wrongMedia.length > 0) return out; // margins are meaningless on pages of the wrong size

  await withTempDir("imprint-preflight-", async (dir) => {
    const path = join(dir, "book.pdf");
    await writeFile(path, bytes);
    await checkMargins({ path, doc, limits, bleed, count, direction, problem, out, file });
    await checkImages({ path, problem, out, file });
  });
  return out;
}

/** Names of fonts without FontFile/FontFile2/FontFile3 (Type3 fonts draw their own glyphs). */
function unembeddedFonts({ doc }: { doc: PDFDocument }): string[] {
  const missing = new Set<string>();
  const seen = new Set<string>();
  const visitResources = (resources: PDFDict | undefined): void => {
    if (!resources) return;
    const fonts = resources.lookupMaybe(PDFName.of("Font"), PDFDict);
    for (const [, value] of fonts?.entries() ?? []) {
      const key = value instanceof PDFRef ? value.toString() : "";
      if (key && seen.has(key)) continue;
      if (key) seen.add(key);
      const font = doc.context.lookup(value);
      if (font instanceof PDFDict && !isEmbedded(doc, font)) missing.add(font.lookupMaybe(PDFName.of("BaseFont"), PDFName)?.decodeText() ?? "(unnamed)");
    }
    const xobjects = resources.lookupMaybe(PDFName.of("XObject"), PDFDict);
    for (const [, value] of xobjects?.entries() ?? []) {
      const key = value instanceof PDFRef ? value.toString() : "";
      if (key && seen.has(key)) continue;
      if (key) seen.add(key);
      const x = doc.context.lookup(value);
      if (x instanceof PDFStream && x.dict.lookupMaybe(PDFName.of("Subtype"), PDFName)?.decodeText() === "Form") visitResources(x.dict.lookupMaybe(PDFName.of("Resources"), PDFDict));
    }
  };
  for (const page of doc.getPages()) visitResources(page.node.Resources());
  return [...missing].sort();
}

function isEmbedded(doc: PDFDocument, font: PDFDict): boolean {
  const subtype = font.lookupMaybe(PDFName.of("Subtype"), PDFName)?.decodeText();
  if (subtype === "Type3") return true;
  let descriptorOwner = font;
  if (subtype === "Type0") {
    const kids = font.lookupMaybe(PDFName.of("DescendantFonts"), PDFArray);
    const kid = kids ? doc.context.lookup(kids.get(0)) : undefined;
    if (!(kid instanceof PDFDict)) return false;
    descriptorOwner = kid;
  }
  const descriptor = descriptorOwner.lookupMaybe(PDFName.of("FontDescriptor"), PDFDict);
  if (!descriptor) return false;
  return ["FontFile", "FontFile2", "FontFile3"].some((k) => descriptor.get(PDFName.of(k)) !== undefined);
}

interface ToolCheck {
  path: string;
  problem: (message: string, hint?: string) => void;
  out: Diagnostic[];
  file: string;
}

async function tool(cmd: string, args: string[], { out, file }: { out: Diagnostic[]; file: string }): Promise<string | undefined> {
  const run = await runTool({ command: cmd, args, timeoutMs: 120_000 });
  if (run.spawnError?.code === "ENOENT") {
    out.push(diag("check/tool-missing", { message: `${cmd} (poppler-utils) is not installed, so the preflight did not check ${cmd === "pdfimages" ? "image resolution" : "margins"}`, file, hint: "Install poppler-utils (apt-get install poppler-utils / brew install poppler)." }));
    return undefined;
  }
  if (run.code !== 0) throw new Error(`${cmd} failed${run.timedOut ? " (timed out)" : ""}: ${run.stderr.trim() || run.spawnError?.message || `exit ${run.code}`}`);
  return run.stdout;
}

const EMOJI_ONLY = /^[\p{Extended_Pictographic}\u200d\ufe0f\u{1F3FB}-\u{1F3FF}]+$/u;

/** Text nearer the trim than the service allows: gutter by page count, other edges by profile. */
async function checkMargins({ path, doc, limits, bleed, count, direction, problem, out, file }: ToolCheck & { doc: PDFDocument; limits: (typeof LIMITS)[PreflightProfile]; bleed: boolean; count: number; direction: "ltr" | "rtl" }): Promise<void> {
  const xml = await tool("pdftotext", ["-bbox", path, "-"], { out, file });
  if (xml === undefined) return;
  const gutterPt = Math.max(minimumGutterIn({ pageCount: count }), limits.gutterFloorIn) * PT_PER_IN;
  const edgePt = (bleed ? limits.edgeBleedIn : limits.edgeIn) * PT_PER_IN;
  const pages = xml.split("<page ").slice(1);
  let reported = 0;
  pages.forEach((chunk, i) => {
    const words = [...chunk.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].map((m) => {
      const box = m.slice(1, 5).map(Number) as [number, number, number, number];
      // A colour emoji is a Type 3 glyph whose box poppler takes from the font's, far taller
      // than its ink (a heading's 👀 reached 40 pt above its line): it is as tall as it is wide.
      if (EMOJI_ONLY.test(m[5] ?? "")) box[1] = Math.max(box[1], box[3] - (box[2] - box[0]));
      return box;
    });
    if (words.length === 0 || reported >= 10) return;
    const page = doc.getPage(i);
    const media = page.getMediaBox();
    const trim = page.getTrimBox();
    // pdftotext measures from the MediaBox's top-left corner, y downwards.
    const left = Math.min(...words.map((w) => w[0])) + media.x - trim.x;
    const right = trim.x + trim.width - (Math.max(...words.map((w) => w[2])) + media.x);
    const top = trim.y + trim.height - (media.y + media.height - Math.min(...words.map((w) => w[1])));
    const bottom = media.y + media.height - Math.max(...words.map((w) => w[3])) - trim.y;
    const onLeft = gutterOnLeft({ index: i, direction });
    const inside = onLeft ? left : right;
    const outside = onLeft ? right : left;
    const inches = (pt: number): string => `${(pt / PT_PER_IN).toFixed(3)} in`;
    if (inside < gutterPt - TOLERANCE_PT) {
      problem(`page ${i + 1}: text is ${inches(inside)} from the spine edge; ${count} pages need an inside margin of at least ${inches(gutterPt)}`);
      reported++;
    }
    const [edgeName, edge] = [["outside", outside], ["top", top], ["bottom", bottom]].reduce((a, b) => ((b[1] as number) < (a[1] as number) ? b : a)) as [string, number];
    if (edge < edgePt - TOLERANCE_PT) {
      problem(`page ${i + 1}: text is ${inches(edge)} from the ${edgeName} trim edge; the minimum is ${inches(edgePt)}`);
      reported++;
    }
  });
}

/** `pdfimages -list` gives every placed image's resolution at its printed size. */
async function checkImages({ path, problem, out, file }: ToolCheck): Promise<void> {
  const list = await tool("pdfimages", ["-list", path], { out, file });
  if (list === undefined) return;
  for (const line of list.split("\n").slice(2)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 14 || cols[2] === "smask" || cols[2] === "stencil") continue;
    const [page, , , width, height] = cols;
    const xppi = Number(cols[12]);
    const yppi = Number(cols[13]);
    if (Math.min(xppi, yppi) < MIN_PPI - 1) problem(`page ${page}: an image of ${width} × ${height} px prints at ${Math.round(Math.min(xppi, yppi))} ppi; print needs at least ${MIN_PPI}`, "Use a larger image, or print it smaller.");
  }
}
