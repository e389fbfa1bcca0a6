/** The words of a PDF's text layer with their boxes (poppler's `pdftotext -bbox`), for layout tests. */
import { execFileSync } from "node:child_process";

export interface Word { text: string; xMin: number; xMax: number; yMin: number; yMax: number }

export function words(pdf: string, page?: number): Word[] {
  const only = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
  const xml = execFileSync("pdftotext", ["-bbox", ...only, pdf, "-"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ text: m[5] ?? "", xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) }));
}
