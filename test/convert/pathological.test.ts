/**
 * Markdown that sends pandoc into exponential time or memory (jgm/pandoc#11687, #1735, #9635):
 * each fails fast, with a line to look at, on both backends, and a memory cap stops a runaway
 * pandoc with its own diagnostic. Real pandoc runs, short limits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertMarkdown, createNativePandoc, createWasmPandoc, type ConvertOutcome, type PandocBackend } from "../../src/convert/index.js";
import { scanMarkdown } from "../../src/convert/diagnose.js";
import { HARD_INPUT } from "./helpers.js";

const TIMEOUT_MS = 3000;
/** The whole failure, diagnosis included, may take the timeout plus this. */
const DIAGNOSIS_BOUND_MS = 10_000;

const INPUTS = {
  /** Thirty unclosed brackets on line 3. */
  brackets: `Intro.\n\n${"[".repeat(30)}\n\nAfter.\n`,
  /** Twenty lines of `[a.__b__]` from line 5 to 24, after a heading and a fine paragraph. */
  emphasis: `# Title\n\nFine.\n\n${HARD_INPUT}\nAfter.\n`,
  /** Twenty unclosed fenced divs, each followed by a blank line (the slow form for pandoc 2.x). */
  divs: `${Array.from({ length: 20 }, () => "::: note\n").join("\n")}`,
};

/** One paragraph of 100 000 short lines: pandoc's heap passes 100 MB on it (about 600 MB uncapped). */
const MEMORY_HOG = `${Array.from({ length: 100_000 }, () => "a b c d e f g h").join("\n")}\n`;
const SMALL_CAP_MB = 100;

const backends: Record<string, PandocBackend> = {};

beforeAll(async () => {
  backends.native = await createNativePandoc();
  backends.wasm = await createWasmPandoc();
  backends.nativeCapped = await createNativePandoc({ maxMemoryMb: SMALL_CAP_MB });
  backends.wasmCapped = await createWasmPandoc({ maxMemoryMb: SMALL_CAP_MB });
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(backends).map((b) => b.close()));
});

function backend(name: string): PandocBackend {
  const b = backends[name];
  if (!b) throw new Error(`${name} backend did not start`);
  return b;
}

async function timed(pandoc: PandocBackend, sourceFile: string, markdown: string, timeoutMs = TIMEOUT_MS): Promise<{ outcome: ConvertOutcome; ms: number }> {
  const started = Date.now();
  const outcome = await convertMarkdown({ pandoc, request: { markdown, sourceFile, timeoutMs } });
  return { outcome, ms: Date.now() - started };
}

describe.each(["native", "wasm"])("%s backend", (name) => {
  it("caps pandoc's memory at 1024 MB by default", () => {
    expect(backend(name).memoryCap).toEqual({ mb: 1024, enforcedBy: name === "native" ? "rts" : "wasm" });
  });

  it.each([
    ["brackets", 3, "30 `[` against 0 `]`"],
    ["emphasis", 5, "runs of `_` or `*`"],
  ] as const)("fails fast on %s and names the line (%i)", async (input, line, hint) => {
    const { outcome, ms } = await timed(backend(name), `01-${input}.md`, INPUTS[input]);
    expect(outcome.fragment).toBeUndefined();
    expect(ms).toBeLessThan(TIMEOUT_MS + DIAGNOSIS_BOUND_MS);
    const [whole, where, ...rest] = outcome.diagnostics;
    expect(whole).toMatchObject({ code: "convert/timeout", file: `01-${input}.md`, severity: "error" });
    expect(whole?.line).toBeUndefined();
    expect(where).toMatchObject({ code: "convert/timeout", file: `01-${input}.md`, line, severity: "error" });
    expect(where?.message).toMatch(/^pandoc cannot finish this paragraph \(lines? \d+(–\d+)?\) even on its own \(it takes more than 2 s\)$/);
    expect(where?.hint).toContain(hint);
    expect(rest).toEqual([]);
  }, 30_000);

  it("points at unclosed fenced divs when they are what pandoc is stuck on", async () => {
    // pandoc-wasm finishes (in 1–3 s, interpreted); under a loaded suite that can pass 3 s, so it gets room.
    const timeoutMs = name === "native" ? TIMEOUT_MS : 20_000;
    const { outcome, ms } = await timed(backend(name), "02-divs.md", INPUTS.divs, timeoutMs);
    expect(ms).toBeLessThan(timeoutMs + DIAGNOSIS_BOUND_MS);
    if (name === "native") {
      // pandoc 2.17 backtracks over every unclosed fence.
      expect(outcome.fragment).toBeUndefined();
      const codes = outcome.diagnostics.map((d) => [d.code, d.line]);
      expect(codes).toEqual([["convert/timeout", undefined], ["convert/unclosed-fence", 1], ["convert/unclosed-fence", 3], ["convert/unclosed-fence", 5]]);
      expect(outcome.diagnostics[1]?.message).toContain("20 unclosed fenced divs");
    } else {
      // pandoc 3.x (pandoc-wasm) reads them in linear time and warns about each, with its line.
      expect(outcome.fragment).toBeDefined();
      expect(outcome.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(outcome.diagnostics.find((d) => d.line === 1)?.message).toMatch(/Div at line 1 column 1 unclosed/);
    }
  }, 45_000);

  it("converts an ordinary file as before", async () => {
    const markdown = "# Chapter\n\nA [link](#chapter), *emphasis*, __strong__ and a [span]{.sc}.\n\n::: note\nClosed div.\n:::\n";
    const { outcome } = await timed(backend(name), "03-fine.md", markdown);
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.fragment?.blocks.map((b) => b.kind)).toContain("heading");
  }, 30_000);

  it("keeps every word of raw HTML nested 6,000 levels deep, with convert/too-deep (it overflowed the stack)", async () => {
    const depth = 6000;
    const markdown = `# Deep\n\nBefore.\n\n${"<span>".repeat(depth)}innermost words${"</span>".repeat(depth)}\n\nAfter.\n`;
    const out = await convertMarkdown({ pandoc: backend(name), request: { markdown, sourceFile: "deep.md", timeoutMs: 30_000 } });
    expect(out.diagnostics.map((d) => d.code)).toContain("convert/too-deep");
    const text = out.fragment?.blocks.map((b) => b.text).join(" ") ?? "";
    expect(text).toContain("innermost words");
    expect(text).toContain("After.");
    expect(Math.max(...(out.fragment?.blocks ?? []).map((b) => (b.html.match(/<span>/g) ?? []).length))).toBeLessThanOrEqual(64);
  }, 60_000);

  it(`stops a runaway pandoc at a ${SMALL_CAP_MB} MB memory cap with convert/memory`, async () => {
    const capped = backend(`${name}Capped`);
    expect(capped.memoryCap?.mb).toBe(SMALL_CAP_MB);
    // The timeout is long: convert/memory (not convert/timeout) shows the cap stopped pandoc.
    const outcome = await convertMarkdown({ pandoc: capped, request: { markdown: MEMORY_HOG, sourceFile: "04-huge.md", timeoutMs: 40_000, diagnosis: { budgetMs: 3000 } } });
    expect(outcome.fragment).toBeUndefined();
    const [first] = outcome.diagnostics;
    expect(first).toMatchObject({ code: "convert/memory", file: "04-huge.md", severity: "error" });
    expect(first?.message).toBe(`pandoc needed more than its ${SMALL_CAP_MB} MB memory cap to convert 04-huge.md; it was stopped`);
    expect(first?.hint).toContain("--pandoc-memory MB");
    // The diagnosis points at the one paragraph (line 1), whichever limit stops its trial first.
    expect(outcome.diagnostics[1]).toMatchObject({ file: "04-huge.md", line: 1 });
  }, 60_000);
});

describe("block scanner", () => {
  it("keeps fenced code and closed divs whole, and counts unclosed divs as lines", () => {
    const md = ["Para one", "still one", "", "```", "code", "", "more code", "```", "", "::: note", "inside", "", "inside too", ":::", "", "::: open", "", "# Heading", ""].join("\n");
    const { blocks, unclosedDivs } = scanMarkdown(md);
    expect(blocks.map((b) => [b.kind, b.start + 1, b.end])).toEqual([
      ["paragraph", 1, 2],
      ["code block", 4, 8],
      ["fenced div", 10, 14],
      ["paragraph", 16, 16],
      ["heading", 18, 18],
    ]);
    expect(blocks[2]?.inner).toEqual({ start: 10, end: 13 });
    expect(unclosedDivs).toEqual([15]);
  });
});
