import { writeFileSync } from "node:fs";
import { it } from "vitest";
import { openBrowser } from "../../../src/render/browser.js";
import { renderPdf } from "../../../src/render/pdf/index.js";
import { createTemplates } from "../../../src/render/templates.js";
import { seedBook, tolstoyBook } from "./books.js";

it("smoke", async () => {
  const { value: browser } = await openBrowser({});
  const templates = createTemplates();
  try {
    for (const [name, book] of [["seed", seedBook()], ["tolstoy", tolstoyBook()], ["tolstoy-split", tolstoyBook({ split: true })]] as const) {
      const t = performance.now();
      const r = await renderPdf({ book, templates, browser: browser! });
      console.log(name, Math.round(performance.now() - t), r.timings, r.diagnostics, r.pageCount, JSON.stringify(r.pageStarts.slice(0, 5)));
      writeFileSync(`/tmp/pdfprobe/${name}.pdf`, r.artifacts[0]!.bytes);
      writeFileSync(`/tmp/pdfprobe/${name}.html`, r.html ?? "");
    }
  } finally {
    await browser?.close();
  }
});
