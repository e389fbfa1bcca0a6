import { it } from "vitest";
import { openBrowser } from "../../../src/render/browser.js";
import { renderPdf } from "../../../src/render/pdf/index.js";
import { createTemplates } from "../../../src/render/templates.js";
import { seedBook } from "./books.js";
it("probe", async () => {
  const templates = createTemplates();
  for (let i = 0; i < 4; i++) {
    let t = performance.now();
    const { value: b } = await openBrowser({});
    const launch = performance.now() - t; t = performance.now();
    const r = await renderPdf({ book: seedBook(), templates, browser: b! });
    const render = performance.now() - t; t = performance.now();
    await b!.close();
    console.log(`launch ${Math.round(launch)} render ${Math.round(render)} close ${Math.round(performance.now() - t)}`, JSON.stringify(r.timings));
  }
}, 120000);
