/**
 * `imprint cover`: the paperback's full-wrap cover. The spine width depends on the page count, so
 * the print edition is rendered first (in memory) to count its pages.
 */
import { join, relative, resolve } from "node:path";
import { diag, hasErrors, type Diagnostic } from "./diagnostics.js";
import { loadBook, type LoadBookOptions } from "./load-book.js";
import { writeFileAtomic } from "./write/atomic.js";

export interface MakeCoverOptions extends Omit<LoadBookOptions, "timings"> {
  /** Output PDF path (default OUT/<slug>-cover.pdf with OUT = "dist"). */
  outFile?: string;
}

export async function makeCover(options: MakeCoverOptions): Promise<{ value: { path: string; pageCount: number } | undefined; diagnostics: Diagnostic[] }> {
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
    const { renderPdf } = await import("./render/pdf/index.js");
    const { renderCoverWrap } = await import("./cover/index.js");
    const pdf = await renderPdf({ book, templates, browser });
    diagnostics.push(...pdf.diagnostics);
    if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
    const cover = await renderCoverWrap({ book, templates, browser, pageCount: pdf.pageCount });
    diagnostics.push(...cover.diagnostics);
    const artifact = cover.artifacts[0];
    if (!artifact || hasErrors(diagnostics)) return { value: undefined, diagnostics };
    const target = options.outFile ?? join("dist", artifact.name);
    const abs = resolve(cwd, target);
    try {
      await writeFileAtomic({ dir: join(abs, ".."), name: abs.split("/").pop() ?? artifact.name, bytes: artifact.bytes });
    } catch (error) {
      diagnostics.push(diag("write/failed", { message: `could not write "${target}": ${(error as Error).message}`, file: target }));
      return { value: undefined, diagnostics };
    }
    return { value: { path: relative(cwd, abs), pageCount: pdf.pageCount }, diagnostics };
  } finally {
    await browser.close();
  }
}
