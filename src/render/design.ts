/**
 * The book's design in one place (templates/design.yaml): typefaces, sizes, leading, measure,
 * colours. The typst print template reads it as data; the stylesheets read the same values as CSS
 * custom properties (`--imprint-text-size`…), so a change here reaches every edition and both
 * print engines. A manuscript's own templates/design.yaml overrides single keys.
 */
import { parse } from "yaml";
import { compiledYaml } from "./built-in-yaml.js";
import { parsedOnce } from "./parsed-once.js";
import type { Templates } from "./templates.js";

export interface Design {
  fonts: { serif: string[]; mono: string[] };
  text: { size: string; "line-height": number; indent: string; measure: string };
  headings: { "title-size": string; "h2-size": string; "h3-size": string; "running-head-size": string; "folio-size": string };
  notes: { size: string };
  quote: { size: string; indent: string };
  colours: { ink: string; muted: string };
}

export const DESIGN_FILE = "design.yaml";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The built-in values, for when a file lacks a key (and for a built-in file that fails to parse). */
const FALLBACK: Design = {
  fonts: { serif: ["Source Serif 4", "Noto Serif", "Noto Sans", "Noto Color Emoji"], mono: ["Noto Sans Mono", "DejaVu Sans Mono"] },
  text: { size: "11pt", "line-height": 1.4, indent: "1.2em", measure: "347pt" },
  headings: { "title-size": "1.5em", "h2-size": "1.12em", "h3-size": "1em", "running-head-size": "0.78em", "folio-size": "0.85em" },
  notes: { size: "0.88em" },
  quote: { size: "0.95em", indent: "1.5em" },
  colours: { ink: "#000000", muted: "#555555" },
};

const LENGTH = /^\d+(?:\.\d+)?(?:pt|em|mm|in)$/;
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const FAMILY = /^[\p{L}\p{N} ._-]{1,80}$/u;

/** Keeps a value only when it has the fallback's shape and a safe form (it ends up in CSS and typst data). */
function clean(over: unknown, base: unknown): unknown {
  if (isRecord(base)) {
    if (!isRecord(over)) return base;
    return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, Object.hasOwn(over, k) ? clean(over[k], v) : v]));
  }
  if (Array.isArray(base)) return Array.isArray(over) && over.length > 0 && over.every((f) => typeof f === "string" && FAMILY.test(f)) ? over : base;
  if (typeof base === "number") return typeof over === "number" && over > 0.5 && over < 4 ? over : base;
  if (typeof base === "string") return typeof over === "string" && (COLOUR.test(base) ? COLOUR.test(over) : LENGTH.test(over)) ? over : base;
  return base;
}

function parsed(text: string | undefined): unknown {
  if (!text) return undefined;
  const compiled = compiledYaml({ name: DESIGN_FILE, text });
  if (compiled) return compiled.value;
  try {
    return parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const designs = new Map<string, Design>();

/** The design from the built-in design.yaml's text and the manuscript's own (its keys win). */
export function designFromTexts({ builtIn, own }: { builtIn?: string | undefined; own?: string | undefined }): Design {
  return parsedOnce({
    cache: designs,
    key: JSON.stringify([builtIn ?? null, own ?? null]),
    make: () => {
      const base = clean(parsed(builtIn), FALLBACK);
      return (own === undefined ? base : clean(parsed(own), base)) as Design;
    },
  });
}

/** The design: built-in design.yaml, then the manuscript's own keys over it. */
export function designFor({ templates }: { templates: Templates }): Design {
  const file = templates.file(DESIGN_FILE);
  return designFromTexts({ builtIn: templates.builtInText(DESIGN_FILE), own: file?.origin === "manuscript" ? file.text : undefined });
}

const cssFamily = (f: string): string => (/^[A-Za-z-]+$/.test(f) && !/\d/.test(f) ? f : `"${f}"`);

/** The design as CSS custom properties, put before every edition's stylesheets. */
export function designCss(design: Design): string {
  const vars: Record<string, string> = {
    "--imprint-serif-families": design.fonts.serif.map(cssFamily).join(", "),
    "--imprint-mono-families": design.fonts.mono.map(cssFamily).join(", "),
    "--imprint-text-size": design.text.size,
    "--imprint-line-height": String(design.text["line-height"]),
    "--imprint-indent": design.text.indent,
    "--imprint-measure": design.text.measure,
    "--imprint-title-size": design.headings["title-size"],
    "--imprint-h2-size": design.headings["h2-size"],
    "--imprint-h3-size": design.headings["h3-size"],
    "--imprint-running-head-size": design.headings["running-head-size"],
    "--imprint-folio-size": design.headings["folio-size"],
    "--imprint-notes-size": design.notes.size,
    "--imprint-quote-size": design.quote.size,
    "--imprint-quote-indent": design.quote.indent,
    "--imprint-ink": design.colours.ink,
    "--imprint-muted": design.colours.muted,
  };
  return `:root {\n${Object.entries(vars).map(([k, v]) => `  ${k}: ${v};`).join("\n")}\n}\n`;
}
