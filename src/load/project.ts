/**
 * A manuscript folder → a validated Project: metadata, the editorial note, the text files in
 * reading order, and the manuscript's own template overrides. Nothing outside the folder is read.
 */
import { readdir, realpath, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { diag, firstUnprintable, hasErrors, type Diagnostic, type Result } from "../diagnostics.js";
import type { BookMetadata } from "../model/book.js";
import { TEMPLATE_SUBFOLDERS, type TemplateFile } from "../render/templates.js";
import { decodeUtf8, normaliseRelative, readInside } from "./files.js";
import { parseMetadata } from "./metadata.js";
import { checkOverride, TEMPLATE_DIR } from "./overrides.js";
import { unreadText } from "./unread-text.js";
import { TEXT_FILE } from "./text-files.js";
import { codePointLabel } from "./characters.js";

export interface SourceFile {
  /** Manuscript-relative POSIX path, e.g. "01-text.md". */
  path: string;
  /** The path as diagnostics print it (relative to the working directory). */
  displayPath: string;
  text: string;
}

export interface Project {
  /** Real absolute path of the manuscript folder. */
  root: string;
  /** The folder as the user named it (for messages). */
  displayRoot: string;
  metadata: BookMetadata;
  metadataFile: string;
  editorialNote?: SourceFile;
  texts: SourceFile[];
  templateOverrides: TemplateFile[];
}

export const METADATA_FILE = "metadata.yaml";
export const EDITORIAL_NOTE_FILE = "editorial-note.md";
/** Files that hold text but not Markdown, named when a folder has no text to read. */
const OTHER_TEXT = /\.(txt|text|rst|adoc|asciidoc|org|tex|docx|odt|rtf|html?|epub)$/i;

/**
 * A folder's text files in reading order: by name (nameOrder), but `index.*` first, as bookdown
 * and Quarto books begin with their index.Rmd or index.qmd.
 */
export function readingOrder(names: readonly string[]): string[] {
  const isIndex = (n: string) => /^index\.[^.]+$/i.test(n);
  return [...names.filter(isIndex).sort(nameOrder), ...names.filter((n) => !isIndex(n)).sort(nameOrder)];
}

export function displayPathFor({ displayRoot, path }: { displayRoot: string; path: string }): string {
  return displayRoot === "." ? path : `${displayRoot.replace(/\/+$/, "")}/${path}`;
}

/**
 * File names in reading order: runs of digits by their value, so `2-b.md` comes before `10-c.md`
 * (as a file manager shows them, and as a writer who numbers chapters 1, 2 … 10 means them), the
 * rest by code point (the same on every machine and locale). Zero-padded names sort as before.
 */
export function nameOrder(a: string, b: string): number {
  const parts = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

export async function loadProject({ dir, cwd = process.cwd() }: { dir: string; cwd?: string }): Promise<Result<Project | undefined>> {
  const diagnostics: Diagnostic[] = [];
  const displayRoot = relative(cwd, resolve(cwd, dir)) || ".";
  const shown = (path: string) => displayPathFor({ displayRoot, path });

  let root: string;
  try {
    root = await realpath(resolve(cwd, dir));
    if (!(await stat(root)).isDirectory()) throw new Error("not a folder");
  } catch {
    diagnostics.push(diag("load/no-folder", { message: `manuscript folder "${dir}" does not exist or is not a folder; give the folder that holds metadata.yaml`, file: displayRoot }));
    return { value: undefined, diagnostics };
  }

  const readText = async (path: string, code: "load/no-metadata" | "load/missing-file"): Promise<SourceFile | undefined> => {
    const read = await readInside({ rootReal: root, relPath: path });
    if (!read.ok) {
      const d = read.reason === "outside" ? diag("load/outside-folder", { message: read.detail, file: shown(path) })
        : read.reason === "missing" ? diag(code, { message: code === "load/no-metadata" ? `no ${METADATA_FILE} in "${displayRoot}"; it needs at least \`title:\` and \`language:\`` : read.detail, file: shown(path) })
        : diag("load/unreadable", { message: read.detail, file: shown(path) });
      diagnostics.push(d);
      return undefined;
    }
    const text = decodeUtf8(read.bytes);
    if (text === undefined) {
      diagnostics.push(diag("load/encoding", { message: `"${path}" is not UTF-8 text; save it as UTF-8`, file: shown(path) }));
      return undefined;
    }
    return { path, displayPath: shown(path), text: text.replace(/\r\n?/g, "\n") };
  };

  const metadataSource = await readText(METADATA_FILE, "load/no-metadata");
  if (!metadataSource) return { value: undefined, diagnostics };
  const parsed = parseMetadata({ text: metadataSource.text, file: metadataSource.displayPath });
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.value) return { value: undefined, diagnostics };
  const { metadata, contents } = parsed.value;
  const at = (path: Array<string | number>) => parsed.value?.positionOf?.(path) ?? {};

  const entries = await readdir(root, { withFileTypes: true });
  let names: string[];
  if (contents) {
    names = [];
    for (const [i, entry] of contents.entries()) {
      const rel = normaliseRelative(entry);
      if (rel === undefined) {
        diagnostics.push(diag("load/outside-folder", { message: `contents[${i}]: "${entry}" is not a path inside the manuscript folder`, file: metadataSource.displayPath, ...at(["contents", i]), field: `contents.${i}` }));
      } else if (!TEXT_FILE.test(rel)) {
        diagnostics.push(diag("meta/field", { message: `contents[${i}]: "${entry}" is not a Markdown file (.md, .markdown, or R Markdown's and Quarto's .Rmd and .qmd)${OTHER_TEXT.test(rel) ? `; if it is Markdown, rename it to .md; a Word, ODT or HTML file goes through \`imprint import\` first` : ""}`, file: metadataSource.displayPath, ...at(["contents", i]), field: `contents.${i}` }));
      } else names.push(rel);
    }
  } else {
    names = readingOrder(entries.filter((e) => e.isFile() && TEXT_FILE.test(e.name) && e.name !== EDITORIAL_NOTE_FILE && e.name.toLowerCase() !== "readme.md").map((e) => e.name));
    diagnostics.push(...(await unreadText({ root, entries, shown, metadataFile: METADATA_FILE })));
  }

  // A name with a line break or a direction override garbles every message that names the file
  // (and can forge one): refused, with the name shown escaped.
  const badNames = new Set<string>();
  for (const name of names) {
    const bad = firstUnprintable(name);
    if (!bad) continue;
    badNames.add(name);
    diagnostics.push(diag("load/file-name", { message: `the text file ${JSON.stringify(name)} has ${codePointLabel(bad.codePointAt(0) ?? 0)} in its name, which would garble every message about it; rename it with letters, digits, spaces and punctuation`, file: displayRoot }));
  }

  const texts: SourceFile[] = [];
  for (const name of names.filter((n) => !badNames.has(n))) {
    const file = await readText(name, "load/missing-file");
    if (file) texts.push(file);
  }
  // A contents list whose every entry was refused has been reported entry by entry.
  if (names.length === 0 && !(contents && contents.length > 0)) {
    const other = entries.filter((e) => e.isFile() && OTHER_TEXT.test(e.name)).map((e) => e.name).sort(nameOrder);
    const found = other.length ? ` (it has ${other.slice(0, 3).join(", ")}${other.length > 3 ? ", …" : ""}: a Markdown file needs the extension .md; Word, ODT and HTML go through \`imprint import\` first)` : "";
    diagnostics.push(diag("load/no-text", { message: `no Markdown text in "${displayRoot}"${found}; add a file such as 01-text.md, or list files under \`contents:\` in ${METADATA_FILE}`, file: displayRoot }));
  }

  let editorialNote: SourceFile | undefined;
  if (entries.some((e) => e.name === EDITORIAL_NOTE_FILE)) editorialNote = await readText(EDITORIAL_NOTE_FILE, "load/missing-file");

  const templateOverrides: TemplateFile[] = [];
  const templateEntry = entries.find((e) => e.name === TEMPLATE_DIR && e.isDirectory());
  if (templateEntry) {
    // templates/NAME, and the typst partials in templates/typst/NAME.typ.
    for (const sub of ["", ...TEMPLATE_SUBFOLDERS]) {
      const folder = sub ? `${TEMPLATE_DIR}/${sub}` : TEMPLATE_DIR;
      const listed = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
      for (const e of listed) {
        if (!e.isFile() || e.name.startsWith(".")) continue;
        const name = sub ? `${sub}/${e.name}` : e.name;
        const file = await readText(`${TEMPLATE_DIR}/${name}`, "load/missing-file");
        if (!file) continue;
        // A template's output is not sanitised later, so what it may hold is checked here.
        diagnostics.push(...(await checkOverride({ source: { name, text: file.text, displayPath: file.displayPath }, rootReal: root })));
        templateOverrides.push({ name, text: file.text, origin: "manuscript", path: file.displayPath });
      }
    }
  }

  if (metadata.cover !== undefined && normaliseRelative(metadata.cover) === undefined) {
    diagnostics.push(diag("load/outside-folder", { message: `cover: "${metadata.cover}" is not a path inside the manuscript folder (e.g. images/cover.jpg)`, file: metadataSource.displayPath, ...at(["cover"]), field: "cover" }));
  }

  if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
  const project: Project = { root, displayRoot, metadata, metadataFile: metadataSource.displayPath, texts, templateOverrides };
  if (editorialNote) project.editorialNote = editorialNote;
  return { value: project, diagnostics };
}
