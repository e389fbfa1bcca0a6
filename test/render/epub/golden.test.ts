/**
 * Golden file: the unzipped EPUB of a small book as readable text (entry list, package document,
 * navigation document, one chapter). Regenerate with UPDATE_GOLDEN=1, then review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { renderEpub } from "../../../src/render/epub/index.js";
import { createTemplates } from "../../../src/render/templates.js";
import { chaptersBook } from "./books.js";
import { openEpub } from "./inspect.js";

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), "golden");

test("the unzipped EPUB matches the golden text", async () => {
  const epub = await openEpub(await renderEpub({ book: chaptersBook(), templates: createTemplates() }));
  const files: Record<string, string> = {
    "entries.txt": epub.names.join("\n") + "\n",
    "package.opf": await epub.text("EPUB/package.opf"),
    "nav.xhtml": await epub.text("EPUB/nav.xhtml"),
    "bourgeois.xhtml": await epub.text("EPUB/bourgeois.xhtml"),
  };
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(goldenDir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(goldenDir, name), text);
  }
  for (const [name, text] of Object.entries(files)) {
    const path = join(goldenDir, name);
    expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(text, name).toBe(readFileSync(path, "utf8"));
  }
});
