/**
 * The HTML edition's Content-Security-Policy (nothing loads from outside, only the place script
 * runs) is imprint's, not the template's: a manuscript's copy of web.liquid that leaves it out
 * still gets it, first in the head.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../src/build.js";
import { HTML_CSP } from "../../../src/render/html/index.js";
import { ROOT } from "../../helpers/books.js";

it("keeps the Content-Security-Policy in the HTML edition when an own web.liquid leaves it out", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-csp-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Policy\nauthors: A\nlanguage: en\n");
  writeFileSync(join(dir, "01.md"), "# One\n\nText.\n");
  mkdirSync(join(dir, "templates"));
  const builtIn = readFileSync(join(ROOT, "templates", "web.liquid"), "utf8");
  const without = builtIn.split("\n").filter((l) => !l.includes("Content-Security-Policy")).join("\n");
  expect(without).not.toBe(builtIn);
  writeFileSync(join(dir, "templates", "web.liquid"), without);
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["html"], checks: "none" });
  expect(report.ok).toBe(true);
  const html = readFileSync(join(out, `${report.slug}.html`), "utf8");
  const head = html.slice(html.indexOf("<head"), html.indexOf("</head>"));
  expect(head.match(/http-equiv="Content-Security-Policy"/g)).toHaveLength(1);
  expect(head).toContain(`content="${HTML_CSP}"`);
  expect(head.indexOf("Content-Security-Policy")).toBeLessThan(head.indexOf("<style"));

  // The built-in page's own policy is the same one: it is not added twice.
  const plainDir = mkdtempSync(join(tmpdir(), "imprint-csp-plain-"));
  writeFileSync(join(plainDir, "metadata.yaml"), "title: Policy\nauthors: A\nlanguage: en\n");
  writeFileSync(join(plainDir, "01.md"), "# One\n\nText.\n");
  const plain = await build({ dir: plainDir, out: join(plainDir, "out"), cwd: ROOT, formats: ["html"], checks: "none" });
  expect(readFileSync(join(plainDir, "out", `${plain.slug}.html`), "utf8").match(/http-equiv="Content-Security-Policy"/g)).toHaveLength(1);
});
