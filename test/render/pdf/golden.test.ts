/**
 * The Chromium engine's print source of the seed as a readable golden file: the final pass's
 * print HTML (front matter, contents with their page numbers, blank versos, every block), with
 * the CSS it is laid out by. Soft hyphens (the hyphenation pass) are shown as `&shy;`.
 * `UPDATE_GOLDEN=1` rewrites it; review the diff before committing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type BrowserSession } from "../../../src/render/browser.js";
import { renderPdf } from "../../../src/render/pdf/index.js";
import { createTemplates } from "../../../src/render/templates.js";
import { seedBook } from "../../helpers/books.js";
import { expectGolden } from "../../support/golden.js";
import { CHROMIUM } from "./helpers.js";

let browser: BrowserSession;
beforeAll(async () => {
  const opened = await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM } });
  if (!opened.value) throw new Error(opened.diagnostics.map((d) => d.message).join("; "));
  browser = opened.value;
}, 120_000);
afterAll(async () => browser?.close());

it("prints the seed from the print HTML in golden/seed/print.html", async () => {
  const result = await renderPdf({ book: await seedBook(), templates: createTemplates(), browser });
  expect(result.diagnostics).toEqual([]);
  expect(result.html).toBeDefined();
  // The stylesheets are the templates' own files: the golden names them instead of repeating them.
  const templates = createTemplates();
  const shown = (result.html ?? "").replace(templates.text("base.css"), "/* templates/base.css */\n").replace(templates.text("print.css"), "/* templates/print.css */\n").replace(/\u00ad/g, "&shy;");
  expectGolden({ path: join(import.meta.dirname, "golden", "seed", "print.html"), text: shown });
  // The golden is the real source: the contents carry page numbers, not the measuring pass's 000.
  expect(readFileSync(join(import.meta.dirname, "golden", "seed", "print.html"), "utf8")).not.toMatch(/>000</);
}, 300_000);
