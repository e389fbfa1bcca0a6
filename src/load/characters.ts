/**
 * Characters no edition can carry. A control character (U+0000, U+0008…) makes the XHTML and the
 * OPF not well-formed XML; a bidi override or isolate (U+202A–202E, U+2066–2069) can make a title
 * display as something other than what it is (the "Trojan Source" trick); a lone surrogate cannot
 * be written as UTF-8 at all (it would silently become U+FFFD). Found here, at load, with a
 * position, instead of as a broken edition or a checker's puzzle later.
 */

export interface CharacterProblem {
  /** Index (UTF-16) of the character in the string. */
  index: number;
  codePoint: number;
  /** "a control character", "a bidirectional override", … */
  kind: string;
}

// Tab and newline are decided by the caller (allowed only in multi-line fields).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const NONCHARACTER = /[\uFFFE\uFFFF]/;

function classify(code: number, allowLineBreaks: boolean): string | undefined {
  const ch = String.fromCharCode(code);
  if (ch === "\t" || ch === "\n") return allowLineBreaks ? undefined : ch === "\t" ? "a tab" : "a line break";
  if (CONTROL.test(ch)) return "a control character";
  if (BIDI.test(ch)) return "a bidirectional override, embedding or isolate";
  if (NONCHARACTER.test(ch)) return "a Unicode noncharacter";
  return undefined;
}

/** The first character of `value` that no edition can carry, or undefined. */
export function findBadCharacter({ value, allowLineBreaks }: { value: string; allowLineBreaks: boolean }): CharacterProblem | undefined {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return { index: i, codePoint: code, kind: "a lone surrogate, half of a character pair" };
    }
    if (code >= 0xdc00 && code <= 0xdfff) return { index: i, codePoint: code, kind: "a lone surrogate, half of a character pair" };
    const kind = classify(code, allowLineBreaks);
    if (kind) return { index: i, codePoint: code, kind };
  }
  return undefined;
}

export function codePointLabel(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}
