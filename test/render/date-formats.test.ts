/**
 * Dates in the labelled languages come from patterns captured from Intl at `npm run compile`
 * (scripts/date-formats.mjs), so a build need not start ICU's date formatting. They must be
 * Intl's text exactly, for every month, and leave to Intl what they cannot reproduce.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain .mjs script, run by `npm run compile`
import { dateFormats } from "../../scripts/date-formats.mjs";
import { DATE_STYLES, dateFromPatterns, type DateStyle } from "../../src/render/date-formats.js";

type Captured = { icu: string; locales: Record<string, Record<DateStyle, string[]>> };
const LANGUAGES = ["en", "es", "fr", "de", "it", "pt", "ar", "he", "fa", "ru", "uk", "zh", "zh-Hant", "ja", "ko"];
const captured = dateFormats({ languages: LANGUAGES }) as Captured;

const formatters = new Map<string, Intl.DateTimeFormat>();
const intl = (language: string, style: DateStyle, y: number, m: number, d: number): string => {
  const when = new Date(Date.UTC(2000, m - 1, d));
  when.setUTCFullYear(y);
  const key = `${language} ${style}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(language, { ...DATE_STYLES[style], timeZone: "UTC" })));
  return f.format(when);
};

describe("captured date patterns", () => {
  it("give Intl's own text for every month, day and a spread of years", () => {
    let compared = 0;
    for (const [language, patterns] of Object.entries(captured.locales))
      for (const style of ["y", "ym", "ymd"] as const)
        for (let m = 1; m <= (style === "y" ? 1 : 12); m++)
          for (const d of style === "ymd" ? [1, 3, 8, 12, 15, 19, 20, 22, 24, 27, 28] : [1])
            for (const y of [1, 66, 1066, 1900, 1999, 2026, 9999]) {
              expect(dateFromPatterns({ patterns, style, year: y, month: m, day: d }), `${language} ${style} ${y}-${m}-${d}`).toBe(intl(language, style, y, m, d));
              compared++;
            }
    expect(compared).toBeGreaterThan(40 * 1000);
  });

  it("cover the labelled languages and their regions, and leave other calendars and digits to Intl", () => {
    const got = Object.keys(captured.locales);
    expect(got).toEqual(expect.arrayContaining(["en", "es", "ru", "zh-hant", "ja", "en-gb", "pt-br", "es-419"]));
    // Persian is written in the Persian calendar and digits; Egyptian Arabic in Arabic-Indic digits.
    expect(got).not.toContain("fa");
    expect(got).not.toContain("ar-eg");
    expect(captured.icu).toBe(process.versions.icu);
  });

  it("are what `npm run compile` wrote, and the compiled build reads them", async () => {
    expect(existsSync(new URL("../../lib/render/date-formats.json", import.meta.url))).toBe(true);
    // The compiled JavaScript (npm test compiles first).
    const lib = (await import("../../lib/render/date-formats.js")) as typeof import("../../src/render/date-formats.js");
    expect(lib.capturedDate({ language: "es", style: "ymd", year: 2024, month: 7, day: 31 })).toBe("31 de julio de 2024");
    expect(lib.capturedDate({ language: "ES-mx", style: "ym", year: 2024, month: 7, day: 1 })).toBe(intl("es-MX", "ym", 2024, 7, 1));
    expect(lib.capturedDate({ language: "fa", style: "ymd", year: 2024, month: 7, day: 31 })).toBeUndefined();
  });
});
