/**
 * `imprint import FILE`: a plain-text, Markdown, .docx or .odt file → a manuscript folder
 * (metadata.yaml, editorial-note.md, 01-text.md, images/). User mistakes come back as
 * diagnostics; nothing is written unless the whole import can succeed.
 */
import { mkdir, readFile, readdir, rename, stat, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { PandocBackend } from "../convert/types.js";
import { diag, type Diagnostic } from "../diagnostics.js";
import { escapeMarkdownLine } from "./escape-markdown.js";
import { detectLanguage } from "./language.js";
import { startingMetadataYaml, titleFromFileName } from "./metadata.js";
import { importWithPandoc, markdownTitle, splitFrontMatter } from "./pandoc-import.js";
import { parsePlainText } from "./plain-text.js";
import type { CommentMode } from "./review-marks.js";
import { decodeUtf8 } from "./utf8.js";
import { DEFAULT_MAX_UNPACKED_BYTES } from "./zip.js";

export interface ImportOptions {
  /** The file to import (.txt, .md, .markdown, .docx, .odt). */
  file: string;
  /** The manuscript folder to create or fill. */
  outDir: string;
  /** "first": the first paragraph is the publisher's editorial note (plain text only). */
  editorialNote?: "first" | "none";
  /** Needed for .docx and .odt only. */
  pandoc?: PandocBackend;
  /** Overwrite the files an import writes when the folder already holds a manuscript. */
  force?: boolean;
  /** Bound on the pandoc conversion (default 30 s). */
  timeoutMs?: number;
  /** .docx comments: "drop" (default; counted in a warning) or "notes" (kept as footnotes). */
  comments?: CommentMode;
  /** A BCP 47 tag for metadata.yaml, overriding the document's and the detected language. */
  language?: string;
  /** How large a .docx/.odt may be once unpacked, in bytes (default 200 MiB). */
  maxUnpackedBytes?: number;
}

export interface ImportResult {
  value: { files: string[] } | undefined;
  diagnostics: Diagnostic[];
}

export const TEXT_FILE = "01-text.md";
export const SUPPORTED_EXTENSIONS = [".txt", ".text", ".md", ".markdown", ".docx", ".odt"] as const;

/** One file the import will write, relative to outDir. */
interface Planned {
  path: string;
  bytes: Uint8Array | string;
}

export async function importManuscript(options: ImportOptions): Promise<ImportResult> {
  const { file, outDir } = options;
  const ext = extname(file).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    return fail(diag("import/unsupported", {
      file,
      message: `cannot import "${ext || "a file without an extension"}"; supported: ${SUPPORTED_EXTENSIONS.join(", ")}`,
    }));
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    return fail(diag("load/unreadable", { file, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }));
  }
  const existing = await existingManuscript(outDir);
  if (existing === ".") {
    return fail(diag("write/failed", { file: outDir, message: `${outDir} exists and is not a folder; choose another --out` }));
  }
  if (existing && !options.force) {
    return fail(diag("import/exists", {
      file: join(outDir, existing),
      message: `${outDir} already holds a manuscript; nothing was written`,
      hint: "Import into another folder with --out DIR, or replace the imported files with --force.",
    }));
  }

  let planned: { files: Planned[]; diagnostics: Diagnostic[] } | undefined;
  if (ext === ".docx" || ext === ".odt") {
    planned = await importWithPandoc({
      file,
      bytes,
      format: ext === ".docx" ? "docx" : "odt",
      pandoc: options.pandoc,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxUnpackedBytes: options.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES,
      ...(options.comments ? { comments: options.comments } : {}),
      ...(options.language ? { language: options.language } : {}),
    });
  } else {
    const decoded = decodeUtf8({ bytes, file });
    if (decoded.text === undefined) return { value: undefined, diagnostics: decoded.diagnostics };
    planned = ext === ".md" || ext === ".markdown"
      ? planMarkdown({ file, text: decoded.text, ...(options.language ? { language: options.language } : {}) })
      : planPlainText({ file, text: decoded.text, editorialNote: options.editorialNote ?? "none", ...(options.language ? { language: options.language } : {}) });
  }
  if (ext !== ".txt" && ext !== ".text" && options.editorialNote === "first") {
    planned = { files: moveEditorialNote({ file, files: planned.files, diagnostics: planned.diagnostics }), diagnostics: planned.diagnostics };
  }
  if (planned.files.length === 0 || planned.diagnostics.some((d) => d.severity === "error")) {
    return { value: undefined, diagnostics: planned.diagnostics };
  }
  const written = await writePlanned({ outDir, files: planned.files });
  return { value: written.value, diagnostics: [...planned.diagnostics, ...written.diagnostics] };
}

function fail(d: Diagnostic): ImportResult {
  return { value: undefined, diagnostics: [d] };
}

/** The first manuscript file found in outDir (metadata.yaml or any .md), if any. */
async function existingManuscript(outDir: string): Promise<string | undefined> {
  try {
    if (!(await stat(outDir)).isDirectory()) return ".";
    const names = (await readdir(outDir)).sort();
    return names.find((n) => n === "metadata.yaml") ?? names.find((n) => n.endsWith(".md"));
  } catch {
    return undefined;
  }
}

/** Plain text: one paragraph per line, headings by the shared rule, Markdown-escaped. */
export function planPlainText(options: { file: string; text: string; editorialNote: "first" | "none"; language?: string }): { files: Planned[]; diagnostics: Diagnostic[] } {
  const doc = parsePlainText({ text: options.text, editorialNote: options.editorialNote });
  if (doc.blocks.length === 0 && doc.editorialNote === undefined) {
    return { files: [], diagnostics: [diag("load/no-text", { file: options.file, message: "the file has no text to import" })] };
  }
  const markdown = (blocks: typeof doc.blocks): string =>
    blocks.map((b) => (b.kind === "heading" ? `## ${escapeMarkdownLine(b.text)}` : escapeMarkdownLine(b.text))).join("\n\n") + "\n";
  const files: Planned[] = [];
  const first = doc.blocks[0];
  const title = first?.kind === "heading" ? first.text : titleFromFileName(options.file);
  files.push({ path: "metadata.yaml", bytes: startingMetadataYaml({ title, ...languageFor({ override: options.language, text: options.text }) }) });
  if (doc.editorialNote) files.push({ path: "editorial-note.md", bytes: markdown([doc.editorialNote]) });
  if (doc.blocks.length > 0) files.push({ path: TEXT_FILE, bytes: markdown(doc.blocks) });
  return { files, diagnostics: [] };
}

/**
 * Markdown is copied as written, not normalised through pandoc: rewriting it would change the
 * author's own syntax and, with pandoc 2.17 and 3.x writing differently, not even the same way
 * twice. Only a YAML block at the top moves out, since metadata.yaml is the one source of metadata.
 */
function planMarkdown(options: { file: string; text: string; language?: string }): { files: Planned[]; diagnostics: Diagnostic[] } {
  const { frontMatter, body } = splitFrontMatter(options.text);
  const title = frontMatter.title ?? markdownTitle(body) ?? titleFromFileName(options.file);
  const { title: _title, language, ...extra } = frontMatter;
  const chosen = languageFor({ override: options.language ?? language, text: body });
  return {
    files: [
      { path: "metadata.yaml", bytes: startingMetadataYaml({ title, extra, ...chosen }) },
      { path: TEXT_FILE, bytes: body.endsWith("\n") ? body : `${body}\n` },
    ],
    diagnostics: [],
  };
}

/** --language, else what the text's letters say (marked as a guess), else the default "en". */
function languageFor(options: { override: string | undefined; text: string }): { language?: string; languageGuess?: string } {
  if (options.override) return { language: options.override };
  const detected = detectLanguage({ text: options.text });
  if (detected.language === "en" && !detected.confident) return {};
  return { language: detected.language, languageGuess: detected.confident ? "detected from the text: check it (BCP 47)" : "a guess from the text's script: check it (BCP 47)" };
}

/**
 * `--editorial-note first` for Markdown and word-processor files: the first block of the text
 * moves to editorial-note.md when it is a plain paragraph (not a heading, list, quote or code).
 */
function moveEditorialNote(options: { file: string; files: Planned[]; diagnostics: Diagnostic[] }): Planned[] {
  const text = options.files.find((f) => f.path === TEXT_FILE);
  if (!text || typeof text.bytes !== "string") return options.files;
  const body = text.bytes.replace(/^\s*\n/, "");
  const end = body.search(/\n[ \t]*\n/);
  const first = end === -1 ? body : body.slice(0, end);
  if (first.trim() === "" || /^(#|[-*+>|:]|\d+[.)]\s|\s{4}|```|~~~|<)/.test(first)) {
    options.diagnostics.push(diag("import/editorial-note", { file: options.file, line: 1, message: "the text does not start with a paragraph, so no editorial note was taken; write editorial-note.md by hand" }));
    return options.files;
  }
  const rest = end === -1 ? "" : body.slice(end).replace(/^\s+/, "");
  const files = options.files.filter((f) => f !== text);
  files.push({ path: "editorial-note.md", bytes: `${first.trimEnd()}\n` });
  if (rest !== "") files.push({ path: TEXT_FILE, bytes: rest });
  return files;
}

/** Writes each file through a temporary name and a rename, so no half-written file is left. */
async function writePlanned(options: { outDir: string; files: Planned[] }): Promise<ImportResult> {
  const written: string[] = [];
  try {
    await mkdir(options.outDir, { recursive: true });
    for (const f of options.files) {
      const target = join(options.outDir, f.path);
      await mkdir(join(target, ".."), { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      await writeFile(temp, f.bytes);
      await rename(temp, target);
      written.push(target);
    }
  } catch (error) {
    return {
      value: undefined,
      diagnostics: [diag("write/failed", { file: options.outDir, message: `cannot write the manuscript (${(error as NodeJS.ErrnoException).code ?? String(error)})` })],
    };
  }
  return { value: { files: written }, diagnostics: [] };
}
