/**
 * Batched pandoc runs (src/convert/batch.ts) give exactly what one run per file gives: the same
 * fragments and diagnostics, notes and reference links kept per file, warnings at each file's own
 * line; and a batch that cannot attribute something gives way to runs per file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBatch } from "../../src/convert/batch.js";
import { convertMarkdown, createNativePandoc, finishMarkdown, prepareMarkdown, type ConvertOutcome, type PandocBackend, type PreparedMarkdown } from "../../src/convert/index.js";
import { convertProject } from "../../src/convert/project.js";
import { loadProject } from "../../src/load/project.js";
import { CORPUS_DIR, ROOT } from "../helpers/books.js";
import { HARD_INPUT } from "./helpers.js";

let pandoc: PandocBackend;
beforeAll(async () => {
  pandoc = await createNativePandoc();
});
afterAll(async () => {
  await pandoc.close();
});

const request = (markdown: string, sourceFile: string, k: number) => ({ markdown, sourceFile, idPrefix: `s${k + 1}-`, timeoutMs: 30_000 });
const batchInputs = (files: PreparedMarkdown[]) => files.map((f) => ({ input: f.input, sourceFile: f.request.sourceFile }));

async function batched(files: Array<{ markdown: string; sourceFile: string }>): Promise<ConvertOutcome[] | undefined> {
  const prepared = files.map((f, k) => prepareMarkdown(request(f.markdown, f.sourceFile, k)));
  const outputs = await runBatch({ pandoc, files: batchInputs(prepared), timeoutMs: 30_000 });
  return outputs?.map((output, k) => finishMarkdown({ prepared: prepared[k] as (typeof prepared)[number], output }));
}

const single = (files: Array<{ markdown: string; sourceFile: string }>): Promise<ConvertOutcome[]> => Promise.all(files.map((f, k) => convertMarkdown({ pandoc, request: request(f.markdown, f.sourceFile, k) })));

describe("batched pandoc runs", () => {
  it("convert the corpus exactly as one run per file does", async () => {
    const dir = join(CORPUS_DIR, "communist-manifesto");
    const files = readdirSync(dir).filter((f) => f.endsWith(".md")).sort().map((f) => ({ markdown: readFileSync(join(dir, f), "utf8"), sourceFile: f }));
    const out = await batched(files);
    expect(out).toBeDefined();
    expect(out).toEqual(await single(files));
  }, 60_000);

  it("keep each file's notes, reference links, heading ids and warning lines its own", async () => {
    const files = [
      { markdown: "# Intro\n\nText[^1] and [a link][r].\n\n[^1]: Note of the first file.\n\n[r]: https://example.org/a\n", sourceFile: "01-a.md" },
      { markdown: "# Intro\n\nMore[^1] and [a link][r].\n\n[^1]: Note of the second file.\n\nLine seven.\n\n[^9]: Never used.\n", sourceFile: "02-b.md" },
    ];
    const out = await batched(files);
    expect(out).toEqual(await single(files));
    const [a, b] = out ?? [];
    expect(a?.fragment?.notes.map((n) => n.html)).toEqual([expect.stringContaining("Note of the first file.")]);
    expect(b?.fragment?.notes.map((n) => n.html)).toEqual([expect.stringContaining("Note of the second file.")]);
    // The reference link is defined only in the first file.
    expect(a?.fragment?.blocks.map((x) => x.html).join("")).toContain('href="https://example.org/a"');
    expect(b?.fragment?.blocks.map((x) => x.html).join("")).toContain("[a link][r]");
    expect(b?.fragment?.blocks[0]?.id).toBe("s2-intro");
    expect(a?.diagnostics).toEqual([]);
    expect(b?.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([["convert/pandoc-warning", "02-b.md", 9]]);
  }, 60_000);

  it("give way when a warning names no file, so the runs per file say where it belongs", async () => {
    const files = [
      { markdown: "Plain text.\n", sourceFile: "01-a.md" },
      { markdown: "Math pandoc cannot render: $\\frac{a}{b}\\unknowncommand$.\n", sourceFile: "02-b.md" },
    ];
    const out = await batched(files);
    const per = await single(files);
    expect(per[1]?.diagnostics.map((d) => d.code)).toContain("convert/pandoc-warning");
    expect(out).toBeUndefined();
  }, 60_000);

  it("convertProject batches a many-file manuscript and gets the book one run per file gets", async () => {
    const loaded = await loadProject({ dir: join(CORPUS_DIR, "communist-manifesto"), cwd: ROOT });
    const project = loaded.value;
    expect(project).toBeDefined();
    if (!project) return;
    let batches = 0;
    const counting: PandocBackend = { name: pandoc.name, version: pandoc.version, run: (r) => pandoc.run(r), close: async () => undefined, runFiles: (r) => (batches++, (pandoc.runFiles as NonNullable<PandocBackend["runFiles"]>)(r)) };
    const withBatches = await convertProject({ project, pandoc: counting, timeoutMs: 30_000 });
    expect(batches).toBeGreaterThan(0);
    const { runFiles: _, ...plain } = pandoc as PandocBackend & { runFiles?: unknown };
    const perFile: PandocBackend = { name: pandoc.name, version: pandoc.version, run: (r) => pandoc.run(r), close: async () => undefined, ...(plain.memoryCap ? { memoryCap: plain.memoryCap } : {}) };
    const oneByOne = await convertProject({ project, pandoc: perFile, timeoutMs: 30_000 });
    expect(withBatches.texts.length).toBeGreaterThanOrEqual(4);
    expect(withBatches).toEqual(oneByOne);
  }, 60_000);

  it("a batch holding a file pandoc cannot finish gives way, and only that file fails, at its name", async () => {
    const files = ["# One\n\nText.\n", HARD_INPUT, "# Three\n\nText.\n", "# Four\n\nText.\n"].map((markdown, k) => ({ markdown, sourceFile: `0${k + 1}-part.md` }));
    const prepared = files.map((f, k) => prepareMarkdown(request(f.markdown, f.sourceFile, k)));
    expect(await runBatch({ pandoc, files: batchInputs(prepared), timeoutMs: 2000 })).toBeUndefined();
  }, 30_000);
});
