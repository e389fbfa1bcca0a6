/**
 * The editions side by side (src/render/run-targets.ts): the EPUB starts on the page starts the
 * print engine reports once typst has laid the book out, before the PDF is finished, and is made
 * again when the finished PDF's starts differ. The orchestration first with stand-in targets, then
 * through the real registry (typst, the EPUB writer) on a book whose print edition sets a
 * paragraph again to keep a hyphen off a page end.
 */
import { describe, expect, it } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import type { Format } from "../../src/formats.js";
import { labelsFor } from "../../src/render/labels.js";
import { runTargets } from "../../src/render/run-targets.js";
import { targetsFor, type Target, type TargetInput, type TargetResult } from "../../src/render/targets.js";
import type { PageStart } from "../../src/render/types.js";
import { CORPUS_DIR, fixtureBook, seedBook } from "../helpers/books.js";
import { createTemplates } from "../../src/render/templates.js";
import { browserEnv, NO_BROWSER } from "./test-browser.js";

const starts = (...pages: string[]): PageStart[] => pages.map((page, i) => ({ page, blockId: `b${i}` }));

/** A print stand-in: tells `early` as soon as it is called, finishes with `final` when released. */
function printTarget({ early, final, events }: { early?: PageStart[]; final: PageStart[] | Error; events: string[] }): { target: Target; finish: () => void } {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const target: Target = {
    format: "pdf", browser: "no", uses: [], provides: ["pageStarts"],
    render: async ({ onPageStarts }: TargetInput) => {
      if (early) onPageStarts?.(early);
      await done;
      events.push("pdf done");
      if (final instanceof Error) throw final;
      return { artifacts: [{ name: "b.pdf", mediaType: "application/pdf", bytes: new Uint8Array([1]) }], diagnostics: [], timings: {}, pageStarts: final };
    },
  };
  return { target, finish };
}

const epubTarget = (events: string[]): Target => ({
  format: "epub", browser: "no", uses: ["pageStarts"], provides: [],
  render: async ({ pageStarts }: TargetInput): Promise<TargetResult> => {
    events.push(`epub on ${pageStarts?.map((s) => s.page).join(",") ?? "none"}`);
    return { artifacts: [{ name: "b.epub", mediaType: "application/epub+zip", bytes: new TextEncoder().encode(JSON.stringify(pageStarts ?? null)) }], diagnostics: [], timings: {} };
  },
});

const input = { book: undefined as never, templates: undefined as never, labels: {} as never };

describe("runTargets", () => {
  it("tells the print engine when the EPUB made on its early page starts is put together", async () => {
    const events: string[] = [];
    const print: Target = {
      format: "pdf", browser: "no", uses: [], provides: ["pageStarts"],
      render: async ({ onPageStarts, dependentsRendered }: TargetInput) => {
        onPageStarts?.(starts("1", "2"));
        events.push("pdf waits");
        await dependentsRendered;
        events.push("pdf finishes");
        return { artifacts: [{ name: "b.pdf", mediaType: "application/pdf", bytes: new Uint8Array([1]) }], diagnostics: [], timings: {}, pageStarts: starts("1", "2") };
      },
    };
    const slowEpub: Target = {
      ...epubTarget(events),
      render: async (i: TargetInput) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return epubTarget(events).render(i);
      },
    };
    await runTargets({ targets: [print, slowEpub], input });
    expect(events).toEqual(["pdf waits", "epub on 1,2", "pdf finishes"]);
    // With nothing that uses the page starts, it waits for nothing.
    events.length = 0;
    await runTargets({ targets: [print], input });
    expect(events).toEqual(["pdf waits", "pdf finishes"]);
  });

  it("renders the EPUB on the early page starts while the PDF is still being finished", async () => {
    const events: string[] = [];
    const print = printTarget({ early: starts("1", "2"), final: starts("1", "2"), events });
    const rendered: Format[] = [];
    const running = runTargets({ targets: [print.target, epubTarget(events)], input, onRendered: ({ format }) => rendered.push(format) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(["epub on 1,2"]);
    print.finish();
    const runs = await running;
    expect(events).toEqual(["epub on 1,2", "pdf done"]);
    expect(runs.map((r) => r.target.format)).toEqual(["pdf", "epub"]);
    expect(rendered).toEqual(["epub", "pdf"]);
  });

  it("drafts the EPUB (its documents) while the print edition is still laying out, once", async () => {
    const events: string[] = [];
    const { target: pdf, finish } = printTarget({ final: starts("1", "2"), events });
    const epub: Target = { ...epubTarget(events), draft: async () => void events.push("epub drafted") };
    const running = runTargets({ targets: [pdf, epub], input });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(["epub drafted"]);
    finish();
    await running;
    expect(events).toEqual(["epub drafted", "pdf done", "epub on 1,2"]);
  });

  it("renders the EPUB again when the finished PDF's page starts differ, and returns that one", async () => {
    const events: string[] = [];
    const print = printTarget({ early: starts("1", "2"), final: starts("1", "2", "3"), events });
    const rendered: Format[] = [];
    const running = runTargets({ targets: [print.target, epubTarget(events)], input, onRendered: ({ format }) => rendered.push(format) });
    print.finish();
    const runs = await running;
    expect(events).toEqual(["epub on 1,2", "pdf done", "epub on 1,2,3"]);
    expect(strFromU8(runs[1]!.result.artifacts[0]!.bytes)).toBe(JSON.stringify(starts("1", "2", "3")));
    expect(rendered).toEqual(["epub", "pdf", "epub"]);
  });

  it("waits for the finished PDF when the engine tells nothing early (Chromium)", async () => {
    const events: string[] = [];
    const print = printTarget({ final: starts("1"), events });
    const running = runTargets({ targets: [print.target, epubTarget(events)], input });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual([]);
    print.finish();
    await running;
    expect(events).toEqual(["pdf done", "epub on 1"]);
  });

  it("lets the EPUB go on without a page list when the print edition fails, then fails", async () => {
    const events: string[] = [];
    const print = printTarget({ final: new Error("typst died"), events });
    const running = runTargets({ targets: [print.target, epubTarget(events)], input });
    print.finish();
    await expect(running).rejects.toThrow("typst died");
    expect(events).toEqual(["pdf done", "epub on none"]);
  });
});

/** Real targets rendered through a watch: when the EPUB began, with which page starts, and when the PDF was done. */
function watched() {
  const seen = {
    given: [] as Array<PageStart[] | undefined>,
    epubStarted: Infinity,
    pdfFinished: -Infinity,
    render: async ({ target, input: i }: { target: Target; input: TargetInput }): Promise<TargetResult> => {
      if (target.format === "epub") {
        seen.epubStarted = Math.min(seen.epubStarted, performance.now());
        seen.given.push(i.pageStarts);
      }
      const result = await target.render(i);
      if (target.format === "pdf") seen.pdfFinished = performance.now();
      return result;
    },
  };
  return seen;
}

describe("runTargets with the real registry (typst, the EPUB writer)", () => {
  const pageList = (epub: Uint8Array): string[] => {
    const nav = strFromU8(unzipSync(epub)["EPUB/nav.xhtml"]!);
    const list = /<nav[^>]*epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)?.[0] ?? "";
    return [...list.matchAll(/<a href="[^"]*#page-([^"]+)">/g)].map((m) => m[1]!);
  };

  it.each([
    ["the seed", async () => ({ book: await seedBook(), templates: createTemplates() })],
    // On A5 pages the essay's print edition sets a paragraph again (a hyphen at a page end): a second typst pass.
    ["the essay on A5", () => fixtureBook(`${CORPUS_DIR}/civil-disobedience`, { print: { trim: { name: "a5", widthMm: 148, heightMm: 210 } } })],
  ])("%s: the EPUB's page list is the finished PDF's page starts", async (_name, load) => {
    const { book, templates } = await load();
    const seen = watched();
    const runs = await runTargets({ targets: targetsFor({ formats: ["pdf", "epub"], engine: "typst" }), input: { book, templates, labels: labelsFor({ metadata: book.metadata, templates }) }, render: seen.render });
    const { given, epubStarted, pdfFinished } = seen;
    const pdf = runs.find((r) => r.target.format === "pdf")!.result;
    const epub = runs.find((r) => r.target.format === "epub")!.result;
    expect(pdf.diagnostics).toEqual([]);
    expect(pdf.pageStarts!.length).toBeGreaterThan(3);
    // The EPUB began before the PDF was finished, and its last rendering had the finished PDF's starts.
    expect(epubStarted).toBeLessThan(pdfFinished);
    expect(given.at(-1)).toEqual(pdf.pageStarts);
    const list = pageList(epub.artifacts[0]!.bytes);
    expect(list.length).toBeGreaterThan(3);
    for (const page of list) expect(pdf.pageStarts!.map((s) => s.page)).toContain(page);
  }, 120_000);
});

describe.skipIf(NO_BROWSER)("runTargets with the Chromium engine", () => {
  it("starts the EPUB on the measured page starts, before the final print, and makes it once", async () => {
    const { openBrowser } = await import("../../src/render/browser.js");
    const opened = await openBrowser({ env: browserEnv() });
    const browser = opened.value!;
    try {
      const book = await seedBook();
      const templates = createTemplates();
      const seen = watched();
      const runs = await runTargets({ targets: targetsFor({ formats: ["pdf", "epub"], engine: "chromium" }), input: { book, templates, labels: labelsFor({ metadata: book.metadata, templates }), browser }, render: seen.render });
      const { given, epubStarted, pdfFinished } = seen;
      const pdf = runs.find((r) => r.target.format === "pdf")!.result;
      expect(pdf.diagnostics).toEqual([]);
      expect(epubStarted).toBeLessThan(pdfFinished);
      expect(given).toEqual([pdf.pageStarts]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe.skipIf(NO_BROWSER)("build with the Chromium engine", () => {
  it("has closed the browser it opened when it returns (it exits beside the checks and the writing)", async () => {
    const { build } = await import("../../src/build.js");
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { execFileSync } = await import("node:child_process");
    const { SEED_DIR } = await import("../helpers/books.js");
    const children = (): string[] => execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" }).split("\n").filter((l) => /chrom/i.test(l));
    const before = children();
    const report = await build({ dir: SEED_DIR, out: mkdtempSync(join(tmpdir(), "imprint-closed-")), pdfEngine: "chromium", env: { ...process.env, ...browserEnv() } });
    expect(report.ok).toBe(true);
    expect(report.browser).toBeDefined();
    expect(children()).toEqual(before);
  }, 120_000);
});
