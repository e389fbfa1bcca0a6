import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { elements, parseFragment, Text, textContent, type Element, type ParentNode } from "../../../src/convert/dom.js";
import type { PrintOptions } from "../../../src/model/book.js";
import { findBrowser, openBrowser, type BrowserSession } from "../../../src/render/browser.js";
import { columnsFor, CONTINUED_CLASS, lineBreaks, MARK_COLUMNS, printCodeColumns, wrapCodeLines } from "../../../src/render/pdf/code-wrap.js";
import { pageCss, pageGeometry } from "../../../src/render/pdf/geometry.js";
import { PDF_OPTIONS } from "../../../src/render/pdf/index.js";

const TEMPLATES = join(import.meta.dirname, "..", "..", "..", "templates");
const SIX_BY_NINE: PrintOptions = { trim: { name: "6x9", widthMm: 152.4, heightMm: 228.6 }, bleed: false, bleedMm: 3.175, paper: "white", preflight: "none" };

/** The visual lines of every pre as the page will show them: a mark counts its box's columns. */
function visualLines(html: string): string[][] {
  const out: string[][] = [];
  for (const pre of elements(parseFragment(html)).filter((el) => el.name === "pre")) {
    let line: string[] = [];
    const walk = (node: ParentNode): void => {
      for (const child of node.children) {
        if (child instanceof Text) {
          for (const ch of Array.from(child.data)) {
            if (ch === "\n") {
              out.push(line);
              line = [];
            } else line.push(ch);
          }
        } else if ("children" in child) {
          const el = child as Element;
          if (el.name === "br") {
            out.push(line);
            line = [];
          } else if (el.attribs.class === CONTINUED_CLASS) {
            const width = Number(/width: (\d+)ch/.exec(el.attribs.style ?? "")?.[1] ?? MARK_COLUMNS);
            line.push(...Array<string>(width).fill("\u0000"));
          } else walk(el);
        }
      }
    };
    walk(pre);
    out.push(line);
  }
  return out;
}

function columns(chars: readonly string[]): number {
  let col = 0;
  for (const ch of chars) col = ch === "\t" ? (Math.floor(col / 8) + 1) * 8 : col + (/[\u4E00-\u9FFF\u{1F300}-\u{1F64F}]/u.test(ch) ? 2 : 1);
  return col;
}

const preText = (html: string): string[] => elements(parseFragment(html)).filter((el) => el.name === "pre").map((el) => textContent(el));
/** What is left when the inserted breaks and marks are taken out again. */
const unwrap = (html: string): string => html.replace(/<br \/><span class="code-continued" aria-hidden="true"( style="width: \d+ch")?><\/span>/g, "");

const LONG = "const total = computeTheRunningTotal(firstArgument, secondArgument, thirdArgument, fourthArgument, fifthArgument, sixthArgument); // and a comment to finish";

describe("wrapCodeLines", () => {
  it("keeps every character in order and no line over the limit", () => {
    const html = `<p>Before ${LONG}</p>\n<pre><code>short line\n${LONG}\n\tindented\t${LONG}\n    ${LONG}\nhttps://example.org/a/very/long/path/that/has/no/spaces/at/all/only/slashes/and/more/slashes/to/the/end.html</code></pre>`;
    for (const maxColumns of [20, 40, 61, 80]) {
      const r = wrapCodeLines({ html, maxColumns });
      expect(unwrap(r.html)).toBe(html);
      expect(preText(r.html)).toEqual(preText(html));
      for (const line of visualLines(r.html)) expect(columns(line), line.join("")).toBeLessThanOrEqual(maxColumns);
      expect(r.wrappedLines).toBe(4);
      // Text outside the pre is never touched.
      expect(r.html.startsWith(`<p>Before ${LONG}</p>`)).toBe(true);
    }
  });

  it("breaks after the last space or punctuation within the limit, else hard", () => {
    const breaks = (line: string, maxColumns: number) => lineBreaks({ chars: Array.from(line), maxColumns }).map((b) => b.at);
    expect(breaks("aaaa bbbb cccc", 10)).toEqual([10]); // "aaaa bbbb " | "cccc"
    expect(breaks("f(alpha,beta)", 10)).toEqual([8]); // "f(alpha," | "beta)"
    expect(breaks("abcdefghijklmnopqrst", 10)).toEqual([10, 18]); // hard: 10, then 8 after the 2-column mark
    expect(breaks("a bcdefghijklmnopqrs", 10)).toEqual([10, 18]); // a boundary at 2 is too near the start
    expect(breaks("short", 10)).toEqual([]);
    expect(breaks("exactly10!", 10)).toEqual([]);
    expect(breaks("trailing      ", 10)).toEqual([]); // only spaces overflow: they hang
  });

  it("hangs a continuation under the line's indentation", () => {
    const r = wrapCodeLines({ html: `<pre>        word word word word word word word</pre>`, maxColumns: 30 });
    expect(r.html).toBe('<pre>        word word word word <br /><span class="code-continued" aria-hidden="true" style="width: 10ch"></span>word word word</pre>');
  });

  it("breaks across highlighting spans and leaves the markup whole", () => {
    const html = '<pre class="sourceCode"><code><span class="kw">function</span> <span class="fu">someFunctionName</span>(<span class="at">argumentNumberOne</span>, <span class="at">argumentNumberTwo</span>) {}</code></pre>';
    const r = wrapCodeLines({ html, maxColumns: 50 });
    expect(unwrap(r.html)).toBe(html);
    expect(r.html).toContain('<span class="at">argumentNumberOne</span>, <br /><span class="code-continued" aria-hidden="true"></span><span class="at">argumentNumberTwo</span>');
    expect(r.wrappedLines).toBe(1);
  });

  it("counts code points, not UTF-16 units, and never parts a combining mark or a surrogate pair", () => {
    const emoji = "😀".repeat(12);
    const r = wrapCodeLines({ html: `<pre>${emoji}</pre>`, maxColumns: 10 });
    expect(unwrap(r.html)).toBe(`<pre>${emoji}</pre>`);
    // An emoji (like a CJK character) takes two columns.
    expect(r.html).toContain(`<pre>${"😀".repeat(5)}<br />`);
    expect(lineBreaks({ chars: Array.from("漢字漢字漢字"), maxColumns: 8 })[0]?.at).toBe(4);
    const accents = "e\u0301".repeat(8); // 16 code points
    const a = lineBreaks({ chars: Array.from(accents), maxColumns: 9 });
    expect(a[0]?.at).toBe(8); // before an "e", not before its accent
  });

  it("returns HTML without a long code line as it was, byte for byte", () => {
    const html = `<p>${LONG}</p><pre>short &amp; sweet</pre>`;
    expect(wrapCodeLines({ html, maxColumns: 40 })).toEqual({ html, wrappedLines: 0 });
  });

  it("computes columns from the measure", () => {
    expect(columnsFor({ measurePt: 60, fontSizePt: 10 })).toBe(10);
    expect(columnsFor({ measurePt: 59.9, fontSizePt: 10 })).toBe(9);
    expect(columnsFor({ measurePt: 100, fontSizePt: 10, advanceEm: 0.5 })).toBe(20);
    // 6x9 in: 432 pt less the widest gutter (1.125 in) and the outside margin (0.55 in), 11 pt body.
    expect(printCodeColumns({ print: SIX_BY_NINE })).toBe(61);
  });
});

const browserPath = findBrowser({ env: process.env }).path;

describe.skipIf(!browserPath)("a long code line in a real Chromium PDF", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    const opened = await openBrowser({ renderTimeoutMs: 20_000 });
    expect(opened.diagnostics).toEqual([]);
    session = opened.value!;
  });
  afterAll(async () => {
    await session?.close();
  });

  async function pdfLines(body: string): Promise<string[]> {
    // The print edition's own sheets and page rules, at the narrowest measure a 6x9 book gets.
    const geometry = pageGeometry({ print: SIX_BY_NINE, pageCount: Number.MAX_SAFE_INTEGER });
    const css = [readFileSync(join(TEMPLATES, "base.css"), "utf8"), readFileSync(join(TEMPLATES, "print.css"), "utf8"), pageCss({ geometry })].join("\n");
    const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8" /><style>${css}</style></head><body class="print">${body}</body></html>`;
    const bytes = await session.pdf({ html, files: new Map(), options: PDF_OPTIONS });
    const text = execFileSync("pdftotext", ["-layout", "-", "-"], { input: bytes }).toString();
    return text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  }

  it("prints the whole line, broken exactly where wrapCodeLines broke it, each continuation marked", async () => {
    const maxColumns = printCodeColumns({ print: SIX_BY_NINE });
    const code = `${LONG} ${LONG}`;
    // The second line hangs its continuations under its indentation (a wider mark box).
    const wrapped = wrapCodeLines({ html: `<pre><code>${code}\n      ${LONG}</code></pre>`, maxColumns });
    const expected = visualLines(wrapped.html).map((l) => l.join("").replace(/\u0000/g, "").trim());
    expect(expected.length).toBeGreaterThan(2);
    const lines = await pdfLines(wrapped.html);
    // Chromium added no break of its own (the count is right) and cut nothing (the text is whole).
    expect(lines.map((l) => l.replace(/^↪\s*/, ""))).toEqual(expected);
    expect(lines.filter((l) => l.startsWith("↪"))).toHaveLength(expected.length - 2);
    expect(lines.join("").replace(/↪|\s/g, "")).toBe(`${code}${LONG}`.replace(/\s/g, ""));
  }, 10_000);

  it("never clips an unbroken line either (print.css's pre-wrap), and the column count is tight", async () => {
    const maxColumns = printCodeColumns({ print: SIX_BY_NINE });
    const code = "x".repeat(150) + "END";
    const fits = "a".repeat(maxColumns);
    const over = "b".repeat(maxColumns + 1);
    const lines = await pdfLines(`<pre><code>${code}\n${fits}\n${over}</code></pre>`);
    expect(lines.join("")).toBe(code + fits + over);
    // maxColumns characters fit on the line; one more does not (Chromium wraps it).
    expect(lines.filter((l) => l.startsWith("a"))).toEqual([fits]);
    expect(lines.filter((l) => l.startsWith("b")).length).toBe(2);
  }, 10_000);
});
