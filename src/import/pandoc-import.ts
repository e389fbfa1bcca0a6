/**
 * .docx and .odt through pandoc to Markdown, and the small Markdown helpers the importer needs.
 *
 * The document goes to pandoc's JSON AST, every text run is escaped by our own rules
 * (pandoc-ast.ts), and pandoc's Markdown writer then writes the structure around it. Left to
 * itself, pandoc's round trip is not faithful: measured on the seed as a .docx, its writer
 * turned `-–` into `---` (an em dash on reading), its reader put a no-break space after `Ph.D.`
 * and 2.17 dropped the space in `… ”`.
 *
 * Images: pandoc's `--extract-media` is refused by our adapter (it writes where pandoc chooses),
 * so the images are read from the document's zip here, given safe names under images/, and the
 * Markdown's references rewritten to them.
 */
import JSZip from "jszip";
import { basename } from "node:path";
import { parse as parseYaml } from "yaml";
import { PandocError, type PandocBackend } from "../convert/types.js";
import { diag, type Diagnostic } from "../diagnostics.js";
import { startingMetadataYaml, titleFromFileName } from "./metadata.js";
import { escapePandocDocument } from "./pandoc-ast.js";

interface Planned {
  path: string;
  bytes: Uint8Array | string;
}

/** Where each format keeps its images inside the zip, as pandoc's Markdown refers to them. */
const MEDIA_DIRS = { docx: "word/media/", odt: "Pictures/" } as const;
const MEDIA_PREFIX = { docx: "media/", odt: "Pictures/" } as const;
const IMAGE_EXT = /\.(png|jpe?g|gif|svg|webp|tiff?|bmp|emf|wmf)$/i;

/** ASCII letters, digits, `.`, `_`, `-` only; never a path, never hidden. */
export function safeMediaName(name: string): string {
  const cleaned = basename(name).replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "");
  return cleaned === "" ? "image" : cleaned;
}

export async function importWithPandoc(options: {
  file: string;
  bytes: Uint8Array;
  format: "docx" | "odt";
  pandoc: PandocBackend | undefined;
  timeoutMs: number;
}): Promise<{ files: Planned[]; diagnostics: Diagnostic[] }> {
  const { file, format } = options;
  if (!options.pandoc) {
    return { files: [], diagnostics: [diag("convert/pandoc-missing", { file, message: `importing .${format} needs pandoc, and none was given` })] };
  }
  const diagnostics: Diagnostic[] = [];
  let markdown: string;
  let docTitle: string | undefined;
  try {
    const base = { sourceFile: file, timeoutMs: options.timeoutMs };
    const ast = await options.pandoc.run({ ...base, input: "", inputBytes: options.bytes, from: format, to: "json" });
    const escaped = escapePandocDocument(ast.output);
    docTitle = escaped.title;
    const out = await options.pandoc.run({ ...base, input: escaped.json, from: "json", to: "markdown", args: ["--wrap=none"] });
    markdown = out.output;
    for (const w of [...ast.warnings, ...out.warnings]) diagnostics.push(diag("convert/pandoc-warning", { file, message: w }));
  } catch (error) {
    if (!(error instanceof PandocError)) throw error;
    const code = error.kind === "missing" ? "convert/pandoc-missing" : error.kind === "timeout" ? "convert/timeout" : "convert/pandoc-failed";
    return { files: [], diagnostics: [...diagnostics, diag(code, { file, message: error.message })] };
  }

  const files: Planned[] = [];
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(options.bytes);
  } catch {
    return { files: [], diagnostics: [...diagnostics, diag("load/unreadable", { file, message: `the file is not a valid .${format} (not a zip archive)` })] };
  }
  const used = new Set<string>();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || !entry.name.startsWith(MEDIA_DIRS[format]) || !IMAGE_EXT.test(entry.name)) continue;
    const inner = entry.name.slice(MEDIA_DIRS[format].length);
    let name = safeMediaName(inner);
    for (let n = 2; used.has(name); n++) name = `${n}-${safeMediaName(inner)}`;
    used.add(name);
    files.push({ path: `images/${name}`, bytes: await entry.async("uint8array") });
    // Replace the reference as pandoc wrote it, inside link targets only.
    markdown = markdown.split(`](${MEDIA_PREFIX[format]}${inner}`).join(`](images/${name}`);
  }
  const title = docTitle ?? markdownTitle(markdown) ?? titleFromFileName(file);
  files.unshift({ path: "01-text.md", bytes: markdown.endsWith("\n") ? markdown : `${markdown}\n` });
  files.unshift({ path: "metadata.yaml", bytes: startingMetadataYaml({ title }) });
  return { files, diagnostics };
}

/** The text of the first level-1 ATX heading, without inline markup characters; a title guess. */
export function markdownTitle(markdown: string): string | undefined {
  const match = /^#\s+(.+?)\s*#*\s*$/m.exec(markdown);
  if (!match?.[1]) return undefined;
  const text = match[1].replace(/\[\]\{[^}]*\}/g, "").replace(/\{[^}]*\}$/, "").replace(/\\(.)/g, "$1").replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/[*_`]/g, "").trim();
  return text === "" ? undefined : text;
}

/** Known string fields moved from a Markdown file's leading YAML block into metadata.yaml. */
const FRONT_MATTER_FIELDS: Record<string, string> = { title: "title", subtitle: "subtitle", date: "date", lang: "language", language: "language", description: "description" };

export function splitFrontMatter(text: string): { frontMatter: Record<string, string>; body: string } {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { frontMatter: {}, body: text };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "");
  } catch {
    return { frontMatter: {}, body: text };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return { frontMatter: {}, body: text };
  const frontMatter: Record<string, string> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const field = FRONT_MATTER_FIELDS[key];
    if (field && (typeof value === "string" || typeof value === "number")) frontMatter[field] = String(value);
  }
  return { frontMatter, body: text.slice(match[0].length).replace(/^\s*\n/, "") };
}
