import { writeFileSync } from "node:fs";
import { test } from "vitest";
import { renderEpub } from "../../../src/render/epub/index.js";
import { createTemplates } from "../../../src/render/templates.js";
import { articleBook, chaptersBook } from "./books.js";
test("scratch", async () => {
  const templates = createTemplates();
  for (const [name, book] of [["article", articleBook()], ["chapters", chaptersBook()]] as const) {
    const r = await renderEpub({ book, templates });
    console.log(name, JSON.stringify(r.diagnostics), r.timings);
    if (r.artifacts[0]) writeFileSync(`/tmp/epub-${name}.epub`, r.artifacts[0].bytes);
  }
});
