/**
 * Build-time hyphenation for the print edition only: Chromium ships no offline hyphenation
 * dictionaries (`hyphens: auto` hyphenated 0 of 108 lines here), so soft hyphens (U+00AD) are
 * inserted into the text nodes of the print HTML from TeX patterns (npm `hyphen`). The EPUB and
 * HTML editions keep the text exactly as written.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
type HyphenateSync = (text: string, options?: { minWordLength?: number }) => string;
type CreateHyphenator = (patterns: unknown, options: { html: boolean }) => HyphenateSync;

/** BCP 47 primary tags whose pattern file is not named after the tag itself. */
const PATTERN_ALIASES: Record<string, string> = {
  en: "en-us",
  "en-us": "en-us",
  de: "de-1996",
  "de-ch": "de-ch-1901",
  el: "el-monoton",
  mn: "mn-cyrl",
  sr: "sr-cyrl",
  sh: "sh-latn",
  nb: "nb",
  no: "nb",
  zh: "",
};

const cache = new Map<string, HyphenateSync | undefined>();

/** The pattern file for a language tag: "en-GB" → en-gb, "en" → en-us, "pt-BR" → pt, else none. */
export function patternNameFor({ language }: { language: string }): string | undefined {
  const dir = join(dirname(require.resolve("hyphen/package.json")), "patterns");
  const tag = language.toLowerCase();
  const primary = tag.split("-")[0] ?? tag;
  for (const candidate of [PATTERN_ALIASES[tag], tag, PATTERN_ALIASES[primary], primary]) {
    if (candidate && existsSync(join(dir, `${candidate}.js`))) return candidate;
  }
  return undefined;
}

function hyphenatorFor(language: string): HyphenateSync | undefined {
  const name = patternNameFor({ language });
  if (!name) return undefined;
  if (!cache.has(name)) {
    const create = require("hyphen") as CreateHyphenator;
    const patterns: unknown = require(`hyphen/patterns/${name}.js`);
    cache.set(name, create(patterns, { html: false }));
  }
  return cache.get(name);
}

/** TeX's \lefthyphenmin and \righthyphenmin for English: no "a-", no "-ly" (the patterns allow 2 after). */
export const MIN_LETTERS_BEFORE = 2;
export const MIN_LETTERS_AFTER = 3;

/**
 * Drops the soft hyphens that would leave fewer than 2 letters before the break or 3 after it,
 * counting letters of the word only (punctuation around it does not count: "poli-cy." is out).
 */
export function keepMinimumFragments(word: string): string {
  if (!word.includes("\u00ad")) return word;
  const letters = (s: string): number => (s.match(/[\p{L}\p{M}]/gu) ?? []).length;
  const parts = word.split("\u00ad");
  let out = parts[0] ?? "";
  for (let i = 1; i < parts.length; i++) {
    const before = letters(out.split(/[^\p{L}\p{M}\u00ad]/u).pop() ?? "");
    const rest = parts.slice(i).join("");
    const after = letters(/^[\p{L}\p{M}]*/u.exec(rest)?.[0] ?? "");
    out += (before >= MIN_LETTERS_BEFORE && after >= MIN_LETTERS_AFTER ? "\u00ad" : "") + parts[i];
  }
  return out;
}

/** Elements whose text must never be broken: code, and anything the author marked `hyphens: none` by class. */
const SKIP = new Set(["code", "pre", "kbd", "samp", "var", "script", "style", "math", "svg", "h1", "h2", "h3", "h4", "h5", "h6"]);

/**
 * Inserts soft hyphens into the text nodes of polyglot HTML (tags, attributes and entity
 * references untouched; headings, code and URLs-as-text left whole). Returns the HTML unchanged
 * when no patterns exist for the language.
 */
export function hyphenateHtml({ html, language }: { html: string; language: string }): string {
  const hyphenate = hyphenatorFor(language);
  if (!hyphenate) return html;
  let skipDepth = 0;
  const stack: string[] = [];
  return html.replace(/(<!--[\s\S]*?-->|<[^>]+>)|([^<]+)/g, (whole, tag: string | undefined, text: string | undefined) => {
    if (tag !== undefined) {
      const m = /^<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>$/.exec(tag);
      if (m) {
        const name = (m[2] ?? "").toLowerCase();
        if (m[1]) {
          if (stack.pop() !== undefined && SKIP.has(name)) skipDepth--;
        } else if (!m[3]) {
          stack.push(name);
          if (SKIP.has(name)) skipDepth++;
        }
      }
      return whole;
    }
    if (skipDepth > 0 || text === undefined) return whole;
    // Entity references and URL-like words stay whole; everything else is hyphenated.
    return text.replace(/(&[#\w]+;)|(\S*(?:\/\/|www\.|@)\S*)|([^&\s]+)/g, (w, entity?: string, url?: string, word?: string) =>
      entity || url ? w : keepMinimumFragments(hyphenate(word ?? w, { minWordLength: 6 })),
    );
  });
}
