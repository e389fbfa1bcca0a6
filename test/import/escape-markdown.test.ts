import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeMarkdownLine, normalizeParagraphText } from "../../src/import/escape-markdown.js";
import { htmlBlocks, nativeHtml, nativePandocAvailable, wasmHtml } from "./pandoc-both.js";
import { SEED_TEXT, CORPUS } from "../fixtures/paths.js";

const SEED = SEED_TEXT;

/** Strings Markdown (with smart typography) would reinterpret, one paragraph each. */
const TRICKY: string[] = [
  "*emphasis* and **strong** and _under_ and __double__ and snake_case_name",
  "a # not heading", "# looks like a heading", "## also", "#hashtag", "Section 5 #", "#. fancy list",
  "[link](http://example.com) and [ref][x] and [^1] and ![img](a.png) and [and] and [and continues]",
  "[x]: http://example.com/ref", "[^1]: a footnote definition",
  "$150 and $20 per day, $x^2$ math, $$display$$", "5 < 6 > 4 and <b>bold</b> and <!-- comment --> and <http://a.b>",
  "<div>block html</div>", "<script>alert(1)</script>", "a \\ backslash, \\emph{tex}, \\begin{x}, trailing \\",
  "`code` and ``double`` and ```fence```", "~~strike~~ H~2~O and 2^10^ and ^[inline note]",
  "@smith2020 says [@doe, p. 3]; mail me@example.com", "a | b | c", "| line block",
  "AT&T and &amp; and &copy and &#8220; and &#x41; and & alone", "1. ordered", "1) paren", "(1) fancy",
  "(a) letter", "a. letter", "A. Capital", "iv. roman", "IV) Roman", "(@) example", "(@good) example",
  "2024. The year", "- dash item", "+ plus item", "* star item", "> quoted", ">> nested",
  ": definition", "~ definition tilde", "% title block", "%", "---", "***", "___", "- - -", "===", "==mark==",
  "-- en and --- em and ---- four and a -– pair and a - single and -5 and 5--6", "-", "--", "+",
  "wait... and .... and ..... and .. and . . . spaced and …", "...", "1...2",
  "\"straight double\" and 'straight single' and it's and '90s and \"unclosed", "'", "\"",
  "“curly double” and ‘curly single’ and it’s and ’90s", "“unclosed double", "‘unclosed single",
  "closing only” and closing only’", "“to settle this. … ” d", "“a ” b", "‘a ’ b", "x “a” y “b ” z",
  "He said “she said ‘no’ then” left", "“crossed ‘quotes” here’", "word“quote” and word‘quote’",
  "‘tis the season, the dogs’ bones, ‘quoted’s ok’", "“…”", "“ spaced open”", "‘ spaced open’",
  "Victor holds a Ph.D. in science, Mr. Smith, e.g. this, i.e. that, St. Louis, vol. 3, pp. 4–5, No. 1",
  "U.S. and 7 p.m. on Wednesday", "Ends with Mr.", "Mrs.Smith no space",
  "nbsp\u00a0inside and thin\u2009space and narrow\u202fnbsp and zero\u200bwidth and line\u2028sep",
  "tab\tinside and  double  spaces", "   leading spaces then text", "\tleading tab", "trailing spaces   ",
  "    indented like code", "emoji 😀 👩‍👩‍👧 and flags 🇻🇪 and ✊🏽", "RTL: العربية and עברית mixed with English",
  "Greek Ελληνικά, Cyrillic Кириллица, CJK 中文 日本語 한국어", "combining e\u0301 and precomposed é",
  "C1 \u0091quote\u0092 and \u0093double\u0094 mis-decoded", "soft\u00adhyphen", "http://example.com/a_b*c",
  "www.example.com and https://x.org/?a=1&b=2", ":smile: emoji code", "{#id .class} attrs", "{.unnumbered}",
  "Heading {#id}", "text with trailing backslash\\", "a\\*b", "[]{}", "[span]{.x}", "::: div", ":::",
  "| a | b |", "+---+---+", "Term", ":   Definition", "<<double angle>>", "2 * 3 * 4", "x_1 and y_2",
  "=", "a = b", "!", "![]", "!important", "?", "50% of 100%", "&", "&;", "&#;", "@", "^", "~", "`",
  "\\", "*", "_", "#", "[", "]", "<", ">", "|", "{", "}", "...", "“", "”", "‘", "’", "—", "–", "…",
];

function seedLines(): string[] {
  return readFileSync(SEED, "utf8").split("\n").filter((l) => l.trim() !== "");
}

/** Raw lines of real Markdown manuscripts, taken as if they were plain text: full of syntax. */
function corpusLines(): string[] {
  const lines: string[] = [];
  for (const work of ["civil-disobedience", "how-much-land-does-a-man-need"]) {
    const dir = join(CORPUS, work);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
      for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
        if (line.trim() !== "") lines.push(line);
      }
    }
  }
  return lines;
}

function expectRoundTrip(lines: string[], html: string): void {
  const blocks = htmlBlocks(html);
  const expected = lines.map((l) => ({ tag: "p", text: normalizeParagraphText(l) }));
  // Compare line by line first so a failure names the offending input.
  for (let i = 0; i < expected.length; i++) {
    const got = blocks[i];
    const want = expected[i];
    if (got?.tag !== want?.tag || got?.text.replace(/\n/g, " ") !== want?.text) {
      expect({ input: lines[i], escaped: escapeMarkdownLine(lines[i] ?? ""), got }).toEqual({
        input: lines[i],
        escaped: escapeMarkdownLine(lines[i] ?? ""),
        got: want,
      });
    }
  }
  expect(blocks.length).toBe(expected.length);
}

/** Pseudo-random strings (fixed seed, so a failure reproduces) made of the pieces that interact. */
function fuzzLines(count: number): string[] {
  const pieces = [
    "a", "word", "Mr.", "Ph.D.", "e.g.", " ", " ", " ", "  ", "\t", ".", "..", "...", "-", "--", "---", "–", "—", "…",
    "\"", "'", "“", "”", "‘", "’", "*", "_", "#", "[", "]", "(", ")", "{", "}", "<", ">", "&", "&amp;", "&#8220;",
    "\\", "`", "$", "~", "^", "@", "|", ":", "%", "+", "=", "!", "1.", "2)", "i.", "A.", "(a)", "\u00a0", "😀",
    "עברית", "é", "\u0092", "http://x.y/z", "<!--", "-->", "::", "0", "9",
  ];
  let state = 20240731;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + next(14) }, () => pieces[next(pieces.length)] ?? "").join(""));
}

const suites: Array<[string, () => string[]]> = [
  ["800 pseudo-random strings of interacting pieces", () => fuzzLines(800)],
  ["tricky strings", () => TRICKY],
  ["every line of the seed", seedLines],
  ["corpus Markdown lines taken as plain text", corpusLines],
];

describe("escapeMarkdownLine round-trips through pandoc's smart Markdown reader", () => {
  for (const [name, lines] of suites) {
    it.skipIf(!nativePandocAvailable())(`${name}: native pandoc`, () => {
      const input = lines().filter((l) => normalizeParagraphText(l) !== "");
      expectRoundTrip(input, nativeHtml(input.map(escapeMarkdownLine).join("\n\n") + "\n"));
    });
    it(`${name}: pandoc-wasm`, async () => {
      const input = lines().filter((l) => normalizeParagraphText(l) !== "");
      expectRoundTrip(input, await wasmHtml(input.map(escapeMarkdownLine).join("\n\n") + "\n"));
    });
  }

  it("each tricky string also round-trips alone (no help from neighbours)", async () => {
    for (const line of TRICKY.filter((l) => normalizeParagraphText(l) !== "")) {
      const md = escapeMarkdownLine(line) + "\n";
      const want = [{ tag: "p", text: normalizeParagraphText(line) }];
      expect({ line, html: htmlBlocks(await wasmHtml(md)) }).toEqual({ line, html: want });
      if (nativePandocAvailable()) expect({ line, html: htmlBlocks(nativeHtml(md)) }).toEqual({ line, html: want });
    }
  });

  it("every tricky string also round-trips as a level-2 heading (both pandocs)", async () => {
    const lines = TRICKY.filter((l) => normalizeParagraphText(l) !== "");
    const md = lines.map((l) => `## ${escapeMarkdownLine(l)}`).join("\n\n") + "\n";
    const want = lines.map((l) => ({ tag: "h2", text: normalizeParagraphText(l) }));
    expect(htmlBlocks(await wasmHtml(md))).toEqual(want);
    if (nativePandocAvailable()) expect(htmlBlocks(nativeHtml(md))).toEqual(want);
  });

  it("leaves ordinary prose readable", () => {
    expect(escapeMarkdownLine("July 31, 2024. The presidential election in Venezuela is over.")).toBe(
      "July 31, 2024. The presidential election in Venezuela is over.",
    );
    expect(escapeMarkdownLine("the country’s businessmen — “revolutionary, socialist.”")).toBe(
      "the country’s businessmen — “revolutionary, socialist.”",
    );
    expect(escapeMarkdownLine("a “b … ” c")).toBe("a &#8220;b … ” c");
    expect(escapeMarkdownLine("Ph.D. in $150 [and]")).toBe("Ph.D\\. in \\$150 \\[and\\]");
  });
});
