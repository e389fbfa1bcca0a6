/**
 * Long dates as Intl writes them, without starting ICU's date formatting (~20-30 ms, the first
 * time in a process): `npm run compile` captured, for the languages imprint has labels for and
 * their common regions, Intl's own text per month with the day and the year left open
 * (scripts/date-formats.mjs → lib/render/date-formats.json, as deep as lib/bundle/). Only
 * patterns that reproduce Intl exactly were kept, and only under the same ICU version.
 */
import { compiledJson } from "./compiled-json.js";

export type DateStyle = "y" | "ym" | "ymd";

/** The three shapes of a metadata date ("1848", "2024-07", "2024-07-31") as Intl is asked for them. */
export const DATE_STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  y: { year: "numeric" },
  ym: { year: "numeric", month: "long" },
  ymd: { year: "numeric", month: "long", day: "numeric" },
};

interface Captured {
  icu: string;
  locales: Record<string, Record<DateStyle, string[]>>;
}

/** A captured pattern with its day and year filled in ({d}, {y}; {{ is a brace). */
export const fillPattern = (pattern: string, year: number, day: number): string =>
  pattern.replace(/\{d\}|\{y\}|\{\{/g, (t) => (t === "{d}" ? String(day) : t === "{y}" ? String(year) : "{"));

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
  return fillPattern(pattern, year, day);
}

/** The captured text for LANGUAGE's date, or undefined (ask Intl). */
export function capturedDate({ language, ...request }: DateRequest): string | undefined {
  const captured = compiledJson<Captured>("render/date-formats.json");
  return dateFromPatterns({ patterns: captured && captured.icu === process.versions.icu ? captured.locales[language.toLowerCase()] : undefined, ...request });
}
