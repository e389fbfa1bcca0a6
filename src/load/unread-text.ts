/**
 * Markdown the folder holds but the build will not read, said once instead of left out silently:
 * without `contents:`, the text is the folder's own `.md` files, so a chapter in a subfolder
 * (`part2/02.md`) or behind a symbolic link (never followed: a link may lead out of the folder)
 * would be missing from every edition with no word said.
 */
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { diag, type Diagnostic } from "../diagnostics.js";
import { TEMPLATE_DIR } from "./overrides.js";
import { TEXT_FILE } from "./text-files.js";


export async function unreadText({ root, entries, shown, metadataFile }: { root: string; entries: Dirent[]; shown: (path: string) => string; metadataFile: string }): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const e of entries) {
    if (e.isSymbolicLink() && TEXT_FILE.test(e.name)) {
      out.push(diag("load/unread-text", {
        message: `"${e.name}" is a symbolic link, which is never followed, so its text is in no edition`,
        file: shown(e.name),
        hint: "Put the file itself in the manuscript folder.",
      }));
    }
    if (!e.isDirectory() || e.name.startsWith(".") || e.name === TEMPLATE_DIR) continue;
    const inside = (await readdir(join(root, e.name), { withFileTypes: true }).catch(() => [])).filter((f) => f.isFile() && TEXT_FILE.test(f.name)).map((f) => f.name).sort();
    if (inside.length === 0) continue;
    const example = `${e.name}/${inside[0]}`;
    out.push(diag("load/unread-text", {
      message: `${e.name}/ holds ${inside.length === 1 ? "a Markdown file" : `${inside.length} Markdown files`} (${example}${inside.length > 1 ? ", …" : ""}) that no edition reads: without \`contents:\`, the text is the manuscript folder's own .md files`,
      file: shown(example),
      hint: `List the files in reading order under \`contents:\` in ${metadataFile} (e.g. "${example}"), or move them up into the folder.`,
    }));
  }
  return out;
}
