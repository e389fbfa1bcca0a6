/**
 * `imprint cover`: the paperback's full-wrap cover. The spine width depends on the page count,
 * which comes from the last build of the print edition (its build-report.json, checked against
 * the PDF it names); only when there is none is the print edition rendered in memory to count it.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { diag, hasErrors, type Diagnostic } from "./diagnostics.js";
import { loadBook, type LoadBookOptions } from "./load-book.js";
import { writeFileAtomic } from "./write/atomic.js";

export interface MakeCoverOptions extends Omit<LoadBookOptions, "timings"> {
  /** Output PDF path (default OUT/<slug>-cover.pdf with OUT = "dist"). */
  outFile?: string;
  /** The build's output folder, whose build-report.json gives the page count (default "dist"). */
  out?: string;
  /** The print edition's page count, when the caller knows it. */
  pageCount?: number;
}

/** The page count of the print edition the last build wrote, if that PDF is still the one it wrote. */
async function builtPageCount({ out, slug }: { out: string; slug: string }): Promise<number | undefined> {
  try {
    const report = JSON.parse(await readFile(join(out, "build-report.json"), "utf8")) as { ok?: boolean; slug?: string; pageCount?: number; editions?: Array<{ format: string; path: string; sha256: string }> };
    const pdf = report.editions?.find((e) => e.format === "pdf");
    if (!report.ok || report.slug !== slug || !report.pageCount || !pdf) return undefined;
    const bytes = await readFile(join(out, `${slug}.pdf`));
    return createHash("sha256").update(bytes).digest("hex") === pdf.sha256 ? report.pageCount : undefined;
  } catch {
    return undefined;
  }
}

export async function makeCover(options: MakeCoverOptions): Promise<{ value: { path: string; pageCount: number; pageCountFrom: "build" | "given" | "rendered" } | undefined; diagnostics: Diagnostic[] }> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const diagnostics: Diagnostic[] = [];
  const loaded = await loadBook(options);
  diagnostics.push(...loaded.diagnostics);
  if (!loaded.value) return { value: undefined, diagnostics };
  const { book, templates } = loaded.value;

  const { openBrowser } = await import("./render/browser.js");
  const opened = await openBrowser({ env });
  diagnostics.push(...opened.diagnostics);
  const browser = opened.value;
  if (!browser) return { value: undefined, diagnostics };
  try {
    const { renderCoverWrap } = await import("./cover/index.js");
    let pageCount = options.pageCount;
    let pageCountFrom: "build" | "given" | "rendered" = "given";
    if (pageCount === undefined) {
      pageCount = await builtPageCount({ out: resolve(cwd, options.out ?? "dist"), slug: book.metadata.slug });
      pageCountFrom = "build";
    }
    if (pageCount === undefined) {
      const { renderPdf } = await import("./render/pdf/index.js");
      const pdf = await renderPdf({ book, templates, browser });
      diagnostics.push(...pdf.diagnostics);
      if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
      pageCount = pdf.pageCount;
      pageCountFrom = "rendered";
    }
    const cover = await renderCoverWrap({ book, templates, browser, pageCount });
    diagnostics.push(...cover.diagnostics);
    const artifact = cover.artifacts[0];
    if (!artifact || hasErrors(diagnostics)) return { value: undefined, diagnostics };
    const target = options.outFile ?? join(options.out ?? "dist", artifact.name);
    const abs = resolve(cwd, target);
    try {
      await writeFileAtomic({ dir: join(abs, ".."), name: abs.split("/").pop() ?? artifact.name, bytes: artifact.bytes });
    } catch (error) {
      diagnostics.push(diag("write/failed", { message: `could not write "${target}": ${(error as Error).message}`, file: target }));
      return { value: undefined, diagnostics };
    }
    return { value: { path: relative(cwd, abs), pageCount, pageCountFrom }, diagnostics };
  } finally {
    await browser.close();
  }
}
