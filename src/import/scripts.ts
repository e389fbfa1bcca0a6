/**
 * Which scripts a text's letters are in, counted by ISO 15924 code. Apart from language.ts's
 * franc-min (whose trigram tables cost ~10 ms to load), so that the build's language check
 * (src/check/language-script.ts) loads franc only when a text does not fit its language.
 */

/** Scripts counted, by ISO 15924 code, with the Unicode property that matches their letters. */
export const SCRIPTS: Record<string, RegExp> = {
  Latn: /\p{Script=Latin}/u,
  Cyrl: /\p{Script=Cyrillic}/u,
  Grek: /\p{Script=Greek}/u,
  Arab: /\p{Script=Arabic}/u,
  Hebr: /\p{Script=Hebrew}/u,
  Hani: /\p{Script=Han}/u,
  Hira: /\p{Script=Hiragana}/u,
  Kana: /\p{Script=Katakana}/u,
  Hang: /\p{Script=Hangul}/u,
  Thai: /\p{Script=Thai}/u,
  Deva: /\p{Script=Devanagari}/u,
  Beng: /\p{Script=Bengali}/u,
  Armn: /\p{Script=Armenian}/u,
  Geor: /\p{Script=Georgian}/u,
  Taml: /\p{Script=Tamil}/u,
  Ethi: /\p{Script=Ethiopic}/u,
};

/** Scripts whose one character is about a word (Han, kana, Hangul), and a pattern matching any of them. */
export const IDEOGRAPHIC_SCRIPTS: ReadonlySet<string> = new Set(["Hani", "Hira", "Kana", "Hang"]);
export const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export interface ScriptCounts {
  letters: number;
  /** Letters per ISO 15924 code; letters of other scripts are counted in `letters` only. */
  byScript: Record<string, number>;
}

/** Longer texts are sampled: the proportions are stable long before the end. */
export const SAMPLE_CHARS = 100_000;

export function countScripts(text: string): ScriptCounts {
  const byScript: Record<string, number> = {};
  let letters = 0;
  for (const ch of text.slice(0, SAMPLE_CHARS)) {
    // ASCII first, without a regular expression: most of most books (a 150-page book spent 0.7 s here).
    const c = ch.charCodeAt(0);
    if (c < 0x80) {
      const lower = c | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) {
        letters++;
        byScript.Latn = (byScript.Latn ?? 0) + 1;
      }
      continue;
    }
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    for (const [code, re] of Object.entries(SCRIPTS)) {
      if (re.test(ch)) {
        byScript[code] = (byScript[code] ?? 0) + 1;
        break;
      }
    }
  }
  return { letters, byScript };
}

/** The script with most letters, and its share of all letters. */
export function dominantScript(counts: ScriptCounts): { script: string; share: number } | undefined {
  let best: [string, number] | undefined;
  for (const entry of Object.entries(counts.byScript)) if (!best || entry[1] > best[1]) best = entry;
  if (!best || counts.letters === 0) return undefined;
  // Japanese mixes kanji and kana: kana anywhere in quantity makes the text Japanese, not Chinese.
  const kana = (counts.byScript.Hira ?? 0) + (counts.byScript.Kana ?? 0);
  if (best[0] === "Hani" && kana > best[1] * 0.1) return { script: "Jpan", share: (best[1] + kana) / counts.letters };
  return { script: best[0], share: best[1] / counts.letters };
}

