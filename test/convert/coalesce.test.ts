// The coalescing backend (src/convert/coalesce.ts): conversions asked at about the same time go to
// pandoc in one batched run, and each caller gets what the plain backend gives it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { coalescingPandoc } from "../../src/convert/coalesce.js";
import { convertMarkdown, createNativePandoc, type PandocBackend } from "../../src/convert/index.js";
import { CORPUS_DIR } from "../helpers/books.js";

let pandoc: PandocBackend;
beforeAll(async () => {
  pandoc = await createNativePandoc();
});
afterAll(async () => {
  await pandoc.close();
});

it("converts side-by-side requests in one batched run, each exactly as alone", async () => {
  const files = readdirSync(CORPUS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => readdirSync(join(CORPUS_DIR, d.name)).filter((f) => f.endsWith(".md")).map((f) => join(CORPUS_DIR, d.name, f))).sort().slice(0, 8);
  const requests = files.map((f, k) => ({ markdown: readFileSync(f, "utf8"), sourceFile: f.slice(CORPUS_DIR.length + 1), idPrefix: `s${k + 1}-`, timeoutMs: 30_000 }));
  let batches = 0;
  let singles = 0;
  const counted: PandocBackend = { ...pandoc, name: pandoc.name, version: pandoc.version, run: (r) => (singles++, pandoc.run(r)), runFiles: (r) => (batches++, (pandoc.runFiles as NonNullable<PandocBackend["runFiles"]>)(r)), close: async () => undefined };
  const gathered = coalescingPandoc(counted);
  const together = await Promise.all(requests.map((request) => convertMarkdown({ pandoc: gathered, request })));
  expect(batches).toBe(1);
  expect(singles).toBe(0);
  const alone = await Promise.all(requests.map((request) => convertMarkdown({ pandoc, request })));
  expect(together).toEqual(alone);
  // Other runs (a version-specific or binary conversion) go straight through.
  await gathered.run({ input: "*x*", from: "markdown", to: "markdown", sourceFile: "x.md", timeoutMs: 10_000 });
  expect(singles).toBe(1);
}, 60_000);
