/**
 * Which language a text is in, for the `language:` an import writes. The script of the letters
 * decides first, since it is unambiguous where it is decisive: Arabic script → ar (fa or ur when
 * the letters only those alphabets use say so), Hebrew → he, Greek → el, Hangul → ko, kana → ja,
 * Thai → th… Latin text is Vietnamese when its letters say so (ơ ư ă đ and stacked tone marks);
 * otherwise franc-min (trigram statistics, wooorm, MIT) may name one of a few major languages
 * when it is clearly ahead. Anything less sure stays the conventional default, `en`, with
 * `confident: false` so the caller can say it is a guess.
 */
import { francAll } from "franc-min";
import { countScripts, dominantScript, SAMPLE_CHARS } from "./scripts.js";

export { SCRIPTS, countScripts, dominantScript, type ScriptCounts } from "./scripts.js";

export interface DetectedLanguage {
  /** A BCP 47 primary language tag, e.g. "ar", "vi", "en". */
  language: string;
  /** False when this is the default or a weak guess the user should check. */
  confident: boolean;
}

/** The language a script on its own points to, and whether that alone is a safe answer. */
const SCRIPT_LANGUAGE: Record<string, { language: string; confident: boolean }> = {
  Grek: { language: "el", confident: true },
  Hebr: { language: "he", confident: true },
  Hang: { language: "ko", confident: true },
  Hira: { language: "ja", confident: true },
  Kana: { language: "ja", confident: true },
  Thai: { language: "th", confident: true },
  Armn: { language: "hy", confident: true },
  Geor: { language: "ka", confident: true },
  // Shared by several languages: a fair first guess, not a sure one.
  Cyrl: { language: "ru", confident: false },
  Hani: { language: "zh", confident: false },
  Deva: { language: "hi", confident: false },
  Beng: { language: "bn", confident: false },
  Taml: { language: "ta", confident: false },
  Ethi: { language: "am", confident: false },
};

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

/** Arabic script: Urdu and Persian add letters Arabic never uses; Arabic has its own forms. */
function arabicLanguage(text: string, letters: number): DetectedLanguage {
  const urdu = count(text, /[\u06D2\u0679\u0688\u0691\u06BA\u06C1\u06BE]/gu); // ے ٹ ڈ ڑ ں ہ ھ
  const persian = count(text, /[\u067E\u0686\u0698\u06AF\u06CC\u06A9]/gu); // پ چ ژ گ ی ک
  const arabic = count(text, /[\u064A\u0643\u0629\u0649]/gu); // ي ك ة ى
  if (urdu > letters * 0.02 && urdu > arabic) return { language: "ur", confident: true };
  if (persian > letters * 0.02 && persian > arabic * 3) return { language: "fa", confident: urdu === 0 };
  return { language: "ar", confident: arabic > persian };
}

/** Letters only Vietnamese uses among Latin-script languages (ơ ư ă đ, and the U+1EA0–1EF9 block). */
const VIETNAMESE = /[ơưăđƠƯĂĐ\u1EA0-\u1EF9]/gu;

/** franc's ISO 639-3 answers we trust enough to write, as BCP 47 tags. */
const FRANC_TAGS: Record<string, string> = {
  eng: "en", spa: "es", por: "pt", fra: "fr", deu: "de", ita: "it", nld: "nl", pol: "pl", ces: "cs",
  ron: "ro", hun: "hu", swe: "sv", tur: "tr", ind: "id",
  rus: "ru", ukr: "uk", bul: "bg", bel: "be", kaz: "kk",
};
/** Below this many letters trigram statistics are noise. */
const FRANC_MIN_LETTERS = 100;
/** Pieces judged separately, so one answer must hold across the text, not just on average. */
const PIECE_CHARS = 200;
const MAX_PIECES = 9;
/**
 * A piece counts for the winner only when the runner-up scores below this share of it. franc's
 * shares draw together as samples grow (English seed, 2048 chars: Spanish at 0.97), so pieces
 * are short, where a right answer leads clearly (0.73–0.88 measured on one sentence each).
 */
const FRANC_MAX_RUNNER_UP = 0.92;
/** The share of pieces that must agree. */
const AGREEMENT = 0.75;

/** Up to MAX_PIECES pieces of about PIECE_CHARS, spread evenly over the text, cut at spaces. */
function pieces(text: string): string[] {
  const flat = text.replace(/\s+/g, " ").trim();
  const count = Math.max(1, Math.min(MAX_PIECES, Math.floor(flat.length / PIECE_CHARS)));
  const stride = flat.length / count;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor(i * stride);
    const start = from === 0 ? 0 : flat.indexOf(" ", from) + 1;
    const end = count === 1 ? flat.length : flat.lastIndexOf(" ", start + PIECE_CHARS);
    out.push(flat.slice(start, end > start ? end : start + PIECE_CHARS));
  }
  return out;
}

function francGuess(text: string, letters: number): string | undefined {
  if (letters < FRANC_MIN_LETTERS) return undefined;
  const votes = new Map<string, number>();
  const all = pieces(text.slice(0, SAMPLE_CHARS));
  for (const piece of all) {
    const [first, second] = francAll(piece, { minLength: 20 });
    if (!first || first[0] === "und" || (second && second[1] >= FRANC_MAX_RUNNER_UP)) continue;
    const tag = FRANC_TAGS[first[0]];
    if (tag) votes.set(tag, (votes.get(tag) ?? 0) + 1);
  }
  for (const [tag, n] of votes) if (n >= Math.ceil(all.length * AGREEMENT)) return tag;
  return undefined;
}

/** See the module comment. */
export function detectLanguage({ text }: { text: string }): DetectedLanguage {
  const counts = countScripts(text);
  const dominant = dominantScript(counts);
  if (!dominant || counts.letters < 20) return { language: "en", confident: false };
  if (dominant.script === "Arab") return arabicLanguage(text, counts.letters);
  if (dominant.script === "Jpan") return { language: "ja", confident: true };
  if (dominant.script === "Latn") {
    const latin = counts.byScript.Latn ?? 0;
    if (count(text.slice(0, SAMPLE_CHARS), VIETNAMESE) > latin * 0.03) return { language: "vi", confident: true };
    const guess = francGuess(text, latin);
    return guess ? { language: guess, confident: true } : { language: "en", confident: false };
  }
  if (dominant.script === "Cyrl") {
    const guess = francGuess(text, counts.byScript.Cyrl ?? 0);
    if (guess) return { language: guess, confident: true };
  }
  return SCRIPT_LANGUAGE[dominant.script] ?? { language: "en", confident: false };
}
