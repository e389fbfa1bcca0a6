/**
 * Golden file: the unzipped EPUB of a small book as readable text (entry list, package document,
 * navigation document, one chapter). Regenerate with UPDATE_GOLDEN=1, then review the diff.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "vitest";
import { renderEpub } from "../../../src/render/epub/index.js";
import { createTemplates } from "../../../src/render/templates.js";
import { chaptersBook } from "../../helpers/books.js";
import { expectGolden } from "../../support/golden.js";
import { openEpub } from "./inspect.js";

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), "golden");

test("the unzipped EPUB matches the golden text", async () => {
  const epub = await openEpub(await renderEpub({ book: await chaptersBook(), templates: createTemplates() }));
  const files: Record<string, string> = {
    "entries.txt": epub.names.join("\n") + "\n",
    "package.opf": await epub.text("EPUB/package.opf"),
    "nav.xhtml": await epub.text("EPUB/nav.xhtml"),
    // The second section's document: named after its section id.
    "s2.xhtml": await epub.text("EPUB/s2.xhtml"),
  };
  for (const [name, text] of Object.entries(files)) expectGolden({ path: join(goldenDir, name), text });
});
