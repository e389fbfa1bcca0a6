/**
 * Run in a child process by reproducible.test.ts (through test/support/ts-loader.mjs, since
 * Node 20 cannot run TypeScript): renders one of the test books and prints the EPUB's SHA-256.
 * argv: BOOK ("article" | "chapters" | a manuscript folder, loaded with native pandoc), TEMPLATES_DIR.
 */
import { createHash } from "node:crypto";
import { loadBook } from "../../../src/load-book.js";
import type { Book } from "../../../src/model/book.js";
import { renderEpub } from "../../../src/render/epub/index.js";
import { createTemplates, readBuiltInTemplates } from "../../../src/render/templates.js";
import { articleBook, chaptersBook } from "../../helpers/books.js";

const [which, templatesDir] = process.argv.slice(2);
let book: Book;
let templates = createTemplates({ builtIn: readBuiltInTemplates(templatesDir) });
if (which === "chapters" || which === "article") book = which === "chapters" ? await chaptersBook() : await articleBook();
else {
  const loaded = await loadBook({ dir: which ?? "", cwd: which ?? "", pandoc: "native" });
  if (!loaded.value) throw new Error(JSON.stringify(loaded.diagnostics));
  book = loaded.value.book;
  templates = createTemplates({ builtIn: readBuiltInTemplates(templatesDir), overrides: loaded.value.project.templateOverrides });
}
const result = await renderEpub({ book, templates });
const bytes = result.artifacts[0]?.bytes;
if (!bytes) throw new Error(JSON.stringify(result.diagnostics));
process.stdout.write(`${createHash("sha256").update(bytes).digest("hex")} ${new Date(2024, 0, 1).getTimezoneOffset()}\n`);
