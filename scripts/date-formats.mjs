// The long dates of the languages imprint has labels for, as this Node's ICU writes them, captured
// at `npm run compile` into lib/render/date-formats.json (read by src/render/date-formats.ts).
// The first Intl.DateTimeFormat of a process costs ~20-30 ms of ICU start-up, in every build
// whose metadata has a date; filling in a captured pattern costs nothing. A pattern is kept only
// when it gives exactly what Intl gives for a spread of days and years (so a language whose
// words change with the number, or another calendar or digits, is left to Intl at run time), and
// the file names its ICU version: another Node's ICU uses Intl itself.
import { writeFileSync } from "node:fs";
// The shapes and the filling the build uses, compiled just before (npm run compile: tsc, then this).
import { DATE_STYLES, fillPattern } from "../lib/render/date-formats.js";

const REGIONS = ["en-US", "en-GB", "en-CA", "en-AU", "en-IE", "en-NZ", "en-IN", "es-ES", "es-MX", "es-US", "es-419", "es-AR", "es-CO", "es-CL", "fr-FR", "fr-CA", "fr-BE", "fr-CH", "de-DE", "de-AT", "de-CH", "it-IT", "pt-PT", "pt-BR", "ar-EG", "he-IL", "ru-RU", "uk-UA", "zh-CN", "zh-TW", "zh-HK", "zh-Hans", "zh-Hant", "ja-JP", "ko-KR"];

const SAMPLE_YEARS = [7, 999, 1848, 2001, 2024];
const SAMPLE_DAYS = [1, 2, 9, 10, 11, 21, 23, 28];

const format = (locale, style, y, m, d) => {
  const when = new Date(Date.UTC(2000, m - 1, d));
  when.setUTCFullYear(y);
  return new Intl.DateTimeFormat(locale, { ...DATE_STYLES[style], timeZone: "UTC" }).format(when);
};

/** Intl's text with the day and the year as {d} and {y}, for one month, or undefined. */
function pattern(locale, style, month) {
  const when = new Date(Date.UTC(2001, month - 1, 23));
  const f = new Intl.DateTimeFormat(locale, { ...DATE_STYLES[style], timeZone: "UTC" });
  const { calendar, numberingSystem } = f.resolvedOptions();
  if (calendar !== "gregory" || numberingSystem !== "latn") return undefined;
  // format()'s own characters, cut where formatToParts puts the day and the year: V8's format()
  // writes a plain space where ICU (and formatToParts) has U+202F ("июль 2001 г.").
  const text = f.format(when);
  let at = 0;
  const out = f.formatToParts(when).map((p) => {
    const piece = text.slice(at, (at += p.value.length));
    return p.type === "day" ? "{d}" : p.type === "year" ? "{y}" : piece.replaceAll("{", "{{");
  });
  return at === text.length ? out.join("") : undefined;
}

export function dateFormats({ languages }) {
  const locales = {};
  for (const locale of [...new Set([...languages, ...REGIONS])]) {
    const styles = {};
    let exact = true;
    for (const style of Object.keys(DATE_STYLES)) {
      const months = style === "y" ? [1] : Array.from({ length: 12 }, (_, i) => i + 1);
      const texts = months.map((m) => pattern(locale, style, m));
      if (texts.some((t) => t === undefined)) exact = false;
      else
        for (const [i, m] of months.entries())
          for (const y of SAMPLE_YEARS) for (const d of style === "ymd" ? SAMPLE_DAYS : [1]) if (fillPattern(texts[i], y, d) !== format(locale, style, y, m, d)) exact = false;
      styles[style] = texts;
    }
    if (exact) locales[locale.toLowerCase()] = styles;
  }
  return { icu: process.versions.icu, locales };
}

export function writeDateFormats({ languages, out = "lib/render/date-formats.json" }) {
  writeFileSync(out, JSON.stringify(dateFormats({ languages })));
}
