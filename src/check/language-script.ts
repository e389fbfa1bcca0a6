/**
 * Does the declared language fit the text? A book declared `language: en` whose text is Arabic
 * gets the wrong direction, hyphenation, fonts and screen-reader voice in every edition. The
 * language's usual script (CLDR likely subtags, via Intl.Locale#maximize) is compared with the
 * script most of each file's letters are in; a mismatch is a warning naming the file and the
 * language the text looks like. Kept conservative: short files, mixed texts (quotations) and
 * scripts a language legitimately mixes (kanji in Japanese, hanja in Korean) never warn.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import { countScripts, dominantScript, IDEOGRAPHIC_SCRIPTS, type ScriptCounts } from "../import/scripts.js";

/** Fewer letters than this say nothing reliable about a file. */
const MIN_LETTERS = 40;
/** The text's script must hold this share of its letters… */
const MIN_DOMINANT_SHARE = 0.6;
/** …and the declared language's script less than this share. */
const MAX_EXPECTED_SHARE = 0.2;

/** Scripts whose letters a writing system counted under another code also uses. */
const COMPATIBLE: Record<string, readonly string[]> = {
  Jpan: ["Hani", "Hira", "Kana", "Jpan"],
  Kore: ["Hang", "Hani"],
  Hans: ["Hani"],
  Hant: ["Hani"],
  Hani: ["Hani", "Jpan"],
};

const SCRIPT_NAMES: Record<string, string> = {
  Latn: "Latin", Cyrl: "Cyrillic", Grek: "Greek", Arab: "Arabic", Hebr: "Hebrew", Hani: "Han (Chinese)",
  Hans: "Han (Chinese)", Hant: "Han (Chinese)", Jpan: "Japanese", Kore: "Korean", Hira: "Hiragana",
  Kana: "Katakana", Hang: "Hangul", Thai: "Thai", Deva: "Devanagari", Beng: "Bengali", Armn: "Armenian",
  Geor: "Georgian", Taml: "Tamil", Ethi: "Ethiopic",
};
const nameOf = (script: string): string => SCRIPT_NAMES[script] ?? script;

/** The script a language tag is normally written in ("en" → Latn, "sr" → Cyrl, "sr-Latn" → Latn). */
export function expectedScript(language: string): string | undefined {
  try {
    return new Intl.Locale(language).maximize().script;
  } catch {
    return undefined;
  }
}

/**
 * One Han character, kana or Hangul syllable carries about as much as a short word, which Latin
 * writes with several letters: counted as one letter each, a Chinese list of English book titles
 * (89 % Latin letters) read as English. They count as IDEOGRAPH_WEIGHT letters here.
 */
const IDEOGRAPH_WEIGHT = 3;

function weighted(counts: ScriptCounts): ScriptCounts {
  const byScript: Record<string, number> = {};
  let extra = 0;
  for (const [script, n] of Object.entries(counts.byScript)) {
    const w = IDEOGRAPHIC_SCRIPTS.has(script) ? IDEOGRAPH_WEIGHT : 1;
    byScript[script] = n * w;
    extra += n * (w - 1);
  }
  return { letters: counts.letters + extra, byScript };
}

function shareOf(counts: ScriptCounts, scripts: readonly string[]): number {
  const n = scripts.reduce((sum, s) => sum + (counts.byScript[s] ?? 0), 0);
  return counts.letters === 0 ? 0 : n / counts.letters;
}

/**
 * The language's script and the text's, when most of the text's letters are clearly in a script
 * the language is not written in; undefined when the text fits (or says too little to tell).
 */
export function scriptMisfit({ language, text, minLetters = MIN_LETTERS }: { language: string; text: string; minLetters?: number }): { expected: string; dominant: { script: string; share: number } } | undefined {
  const expected = expectedScript(language);
  if (expected === undefined) return undefined;
  const accepted = COMPATIBLE[expected] ?? [expected];
  const raw = countScripts(text);
  const counts = weighted(raw);
  const dominant = dominantScript(counts);
  if (!dominant || raw.letters < minLetters || dominant.share < MIN_DOMINANT_SHARE) return undefined;
  if (accepted.includes(dominant.script) || shareOf(counts, accepted) >= MAX_EXPECTED_SHARE) return undefined;
  return { expected, dominant };
}

/** Async only so that franc-min (language.ts) loads when a text does not fit, not on every build. */
export async function checkLanguageScript({ language, files }: { language: string; files: { path: string; text: string }[] }): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const misfit = scriptMisfit({ language, text: file.text });
    if (!misfit) continue;
    const { expected, dominant } = misfit;
    const { detectLanguage } = await import("../import/language.js");
    const looks = detectLanguage({ text: file.text });
    const like = looks.confident ? `looks like "${looks.language}"` : `may be "${looks.language}" or another language in that script`;
    diagnostics.push(diag("check/language-script", {
      file: file.path,
      field: "language",
      message: `metadata.yaml declares language "${language}" (${nameOf(expected)} script), but ${Math.round(dominant.share * 100)}% of this file's letters are ${nameOf(dominant.script)}; the text ${like}`,
      hint: `Set language: in metadata.yaml to the text's language (e.g. "${looks.language}"), so editions get the right direction, hyphenation, fonts and reading voice.`,
    }));
  }
  return diagnostics;
}
