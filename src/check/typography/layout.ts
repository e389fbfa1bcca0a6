/**
 * A PDF's text layout as poppler sees it: `pdftotext -bbox-layout` gives pages, blocks, lines and
 * word boxes (in points, y growing downwards from the top of the MediaBox); `pdftotext` plain gives
 * the text a reader's search sees; `pdffonts` the font types. Any PDF works: ours, typst's,
 * LuaLaTeX's, a browser's.
 */
import { runTool } from "../run-tool.js";

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface Line {
  words: Word[];
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  /** Index of the poppler block (≈ paragraph) on its page. */
  block: number;
}

export interface Page {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  lines: Line[];
}

export interface FontRow {
  name: string;
  type: string;
}

const TIMEOUT_MS = 120_000;

async function poppler(command: string, args: string[]): Promise<string> {
  const r = await runTool({ command, args, timeoutMs: TIMEOUT_MS });
  if (r.spawnError) throw new Error(`${command} is not installed (poppler-utils): ${r.spawnError.message}`);
  if (r.code !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.code ?? "timeout"}): ${r.stderr.slice(-500)}`);
  return r.stdout;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const unescape = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) =>
    ref[0] === "#" ? String.fromCodePoint(ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)) : (ENTITIES[ref] ?? whole),
  );

function box(attrs: string): { xMin: number; yMin: number; xMax: number; yMax: number } {
  const get = (k: string): number => Number(new RegExp(`${k}="([-\\d.]+)"`).exec(attrs)?.[1] ?? NaN);
  return { xMin: get("xMin"), yMin: get("yMin"), xMax: get("xMax"), yMax: get("yMax") };
}

/** Parses `pdftotext -bbox-layout` XHTML (one element per line, as poppler writes it). */
export function parseBboxLayout(xhtml: string): Page[] {
  const pages: Page[] = [];
  let page: Page | undefined;
  let line: Line | undefined;
  let block = -1;
  for (const m of xhtml.matchAll(/<(page|block|line|word)\b([^>]*)>([^<]*)|<\/(line)>/g)) {
    const [, tag, attrs = "", text = "", closing] = m;
    if (closing) {
      if (page && line && line.words.length > 0) page.lines.push(line);
      line = undefined;
    } else if (tag === "page") {
      const w = Number(/width="([\d.]+)"/.exec(attrs)?.[1] ?? 0);
      const h = Number(/height="([\d.]+)"/.exec(attrs)?.[1] ?? 0);
      page = { number: pages.length + 1, width: w, height: h, lines: [] };
      pages.push(page);
      block = -1;
    } else if (tag === "block") block++;
    else if (tag === "line") line = { words: [], ...box(attrs), block };
    else if (tag === "word" && line) line.words.push({ text: unescape(text), ...box(attrs) });
  }
  for (const p of pages) p.lines = mergeBaselines(p.lines);
  return pages;
}

/**
 * Top-to-bottom lines, with poppler's lines that share a baseline and size merged: its layout
 * analysis cuts widely spaced justified lines into columns when words happen to align, which
 * would turn one line into many one-word lines.
 */
function mergeBaselines(lines: Line[]): Line[] {
  const sorted = [...lines].sort((a, b) => a.yMax - b.yMax || a.xMin - b.xMin);
  const out: Line[] = [];
  for (const line of sorted) {
    const last = out[out.length - 1];
    const h = line.yMax - line.yMin;
    if (last && Math.abs(last.yMax - line.yMax) < 0.5 && Math.abs(last.yMax - last.yMin - h) <= 0.04 * h) {
      last.words = [...last.words, ...line.words].sort((a, b) => a.xMin - b.xMin);
      last.xMin = Math.min(last.xMin, line.xMin);
      last.xMax = Math.max(last.xMax, line.xMax);
      last.yMin = Math.min(last.yMin, line.yMin);
      last.block = Math.min(last.block, line.block);
    } else out.push({ ...line, words: [...line.words] });
  }
  return out;
}

export async function readLayout({ file }: { file: string }): Promise<Page[]> {
  return parseBboxLayout(await poppler("pdftotext", ["-bbox-layout", "-enc", "UTF-8", file, "-"]));
}

/** The plain text a viewer's search sees (pdftotext's reading order, no layout padding). */
export async function readText({ file }: { file: string }): Promise<string> {
  return poppler("pdftotext", ["-enc", "UTF-8", file, "-"]);
}

export async function readFonts({ file }: { file: string }): Promise<FontRow[]> {
  const out = await poppler("pdffonts", [file]);
  const rows = out.split("\n").slice(2).filter((l) => l.trim());
  // Columns: name, type (may contain spaces, e.g. "CID TrueType", "Type 3"), encoding, emb sub uni, object ID.
  return rows.map((row) => {
    const m = /^(\S+)\s+(.+?)\s{2,}\S.*\s(?:yes|no)\s+(?:yes|no)\s+(?:yes|no)\s/.exec(row);
    return { name: m?.[1] ?? row.split(/\s+/)[0] ?? "", type: (m?.[2] ?? "").trim() };
  });
}

export async function readPageCount({ file }: { file: string }): Promise<number> {
  return Number(/Pages:\s+(\d+)/.exec(await poppler("pdfinfo", [file]))?.[1] ?? 0);
}
