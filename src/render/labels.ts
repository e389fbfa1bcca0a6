/**
 * The words printed around the text ("Contents", "Translated by"…) in the book's language, from
 * templates/labels.yaml (a manuscript's own templates/labels.yaml overrides single keys), and the
 * book's date written the way that language writes dates.
 */
import { parse } from "yaml";
import { compiledYaml } from "./built-in-yaml.js";
import { capturedDate, DATE_STYLES, type DateStyle } from "./date-formats.js";
import { parsedOnce } from "./parsed-once.js";
import type { BookMetadata } from "../model/book.js";
import type { Templates } from "./templates.js";

export type Labels = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** One word of the labels, or the English fallback when the catalogue lacks it. */
export function labelText({ labels, key, fallback }: { labels: Labels; key: string; fallback: string }): string {
  const value = labels[key];
  return typeof value === "string" ? value : fallback;
}

function merge(base: Labels, over: Labels): Labels {
  const out: Labels = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isRecord(v) && isRecord(out[k]) ? merge(out[k] as Labels, v) : v;
  return out;
}

const catalogues = new Map<string, Record<string, Labels>>();

function catalogue(text: string | undefined): Record<string, Labels> {
  if (!text) return {};
  return parsedOnce({
    cache: catalogues,
    key: text,
    make: () => {
      const parsed: unknown = (compiledYaml({ name: "labels.yaml", text }) ?? { value: parse(text) }).value;
      return isRecord(parsed) ? (Object.fromEntries(Object.entries(parsed).filter(([, v]) => isRecord(v))) as Record<string, Labels>) : {};
    },
  });
}

/** "July 31, 2024", "31 de julio de 2024", "31. Juli 2024": always in UTC, never the clock. */
export function formatDate({ date, language }: { date: string; language: string }): string {
  const [y, m, d] = date.split("-").map(Number);
  if (y === undefined || Number.isNaN(y)) return date;
  const when = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  const style: DateStyle = m === undefined ? "y" : d === undefined ? "ym" : "ymd";
  // A real calendar day only: Date.UTC rolls "2024-02-31" over into March, as Intl is then given it.
  if (when.getUTCFullYear() === y && when.getUTCMonth() === (m ?? 1) - 1 && when.getUTCDate() === (d ?? 1)) {
    const known = capturedDate({ language, style, year: y, month: m ?? 1, day: d ?? 1 });
    if (known !== undefined) return known;
  }
  try {
    return new Intl.DateTimeFormat(language, { ...DATE_STYLES[style], timeZone: "UTC" }).format(when);
  } catch {
    return date;
  }
}

function chineseScript(language: string): string | undefined {
  try {
    return new Intl.Locale(language).maximize().script;
  } catch {
    return undefined;
  }
}

export function labelsFor({ metadata, templates }: { metadata: BookMetadata; templates: Templates }): Labels {
  const primary = metadata.language.split("-")[0]?.toLowerCase() ?? "en";
  const file = templates.file("labels.yaml");
  const builtIn = catalogue(templates.builtInText("labels.yaml"));
  const own = file?.origin === "manuscript" ? catalogue(file.text) : {};
  let labels: Labels = builtIn.en ?? {};
  // Chinese in traditional characters (zh-Hant, zh-TW, zh-HK) has its own block over zh's.
  const keys = primary === "zh" && chineseScript(metadata.language) === "Hant" ? ["zh", "zh-Hant"] : [primary];
  for (const key of keys) if (key !== "en" && builtIn[key]) labels = merge(labels, builtIn[key]);
  for (const key of keys) if (own[key]) labels = merge(labels, own[key]);
  if (metadata.date) labels = { ...labels, date: formatDate({ date: metadata.date, language: metadata.language }) };
  return labels;
}
