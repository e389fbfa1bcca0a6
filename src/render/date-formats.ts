/**
 * Long dates as Intl writes them, without starting ICU's date formatting (~20-30 ms, the first
 * time in a process): `npm run compile` captured, for the languages imprint has labels for and
 * their common regions, Intl's own text per month with the day and the year left open
 * (scripts/date-formats.mjs → lib/render/date-formats.json, as deep as lib/bundle/). Only
 * patterns that reproduce Intl exactly were kept, and only under the same ICU version.
 */
import { readFileSync } from "node:fs";

export type DateStyle = "y" | "ym" | "ymd";

interface Captured {
  icu: string;
  locales: Record<string, Record<DateStyle, string[]>>;
}

let loaded: Captured | null | undefined;

function captured(): Captured | null {
  if (loaded !== undefined) return loaded;
  try {
    const value = JSON.parse(readFileSync(new URL("../render/date-formats.json", import.meta.url), "utf8")) as Captured;
    loaded = value.icu === process.versions.icu ? value : null;
  } catch {
    loaded = null;
  }
  return loaded;
}

export interface DateRequest {
  language: string;
  style: DateStyle;
  year: number;
  /** 1-based, as are days. */
  month: number;
  day: number;
}

/** The date from captured PATTERNS (a language's entry of the file), or undefined. */
export function dateFromPatterns({ patterns, style, year, month, day }: Omit<DateRequest, "language"> & { patterns: Record<DateStyle, string[]> | undefined }): string | undefined {
  const pattern = patterns?.[style]?.[style === "y" ? 0 : month - 1];
  if (pattern === undefined || year < 1 || year > 9999) return undefined;
  return pattern.replace(/\{d\}|\{y\}|\{\{/g, (t) => (t === "{d}" ? String(day) : t === "{y}" ? String(year) : "{"));
}

/** The captured text for LANGUAGE's date, or undefined (ask Intl). */
export function capturedDate({ language, ...request }: DateRequest): string | undefined {
  return dateFromPatterns({ patterns: captured()?.locales[language.toLowerCase()], ...request });
}
