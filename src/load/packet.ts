/**
 * packet.yaml → a validated PacketSpec: the packet's own metadata, its introduction and its items
 * (manuscript folders) in order, grouped by part. Parsed and reported like metadata.yaml: every
 * problem names file, line, column and field.
 *
 * Where items may live: a publisher's packet usually sits next to its items
 * (`items: [../civil-disobedience]`), so an item may be any folder named by a relative path,
 * `..` included. What is refused: absolute paths, URLs, a path that passes through a symbolic link
 * (`load/packet-symlink`: the folder a packet names is the folder it gets), anything that is not a
 * folder holding metadata.yaml (`load/packet-item`), and the same folder twice
 * (`load/packet-duplicate`). The introduction is a Markdown file inside the packet's folder.
 */
import { realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import * as z from "zod/mini";
import { diag, formatDiagnostic, hasErrors, type Diagnostic, type Result } from "../diagnostics.js";
import type { BookMetadata } from "../model/book.js";
import { SLUG_RE } from "./identifiers.js";
import { decodeUtf8, readInside } from "./files.js";
import { characterProblems, dateSchema, DESCRIBED, issueToDiagnostic, languageSchema, person, printSchema, text, toBookMetadata, type RawMetadata } from "./metadata.js";
import { displayPathFor, METADATA_FILE, type SourceFile } from "./project.js";
import { parseYaml, RESERVED_KEYS, type ParsedYaml } from "./yaml-source.js";

export const PACKET_FILE = "packet.yaml";

export const PACKET_FIELDS = ["title", "subtitle", "editors", "publisher", "date", "language", "identifier", "description", "rights", "url", "introduction", "print", "items", "slug", "subjects"] as const;

const itemPath = z.string({ error: "an item is a path to a manuscript folder, or `part:` with `items:`" }).check(z.trim(), z.minLength(1, "an item path must not be empty"));
const group = z.strictObject({ part: text("part"), items: z.array(itemPath, { error: "a part's items must be a list of paths to manuscript folders" }).check(z.minLength(1, "a part must list at least one item")) }, { error: "an item is a path to a manuscript folder, or `part:` with `items:`" });

const schema = z.strictObject({
  title: text("title"),
  subtitle: z.optional(text("subtitle")),
  editors: z.optional(z.union([person, z.array(person).check(z.minLength(1, "editors must list at least one name"))])),
  publisher: z.optional(text("publisher")),
  date: dateSchema("date must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD"),
  language: languageSchema,
  ...DESCRIBED,
  url: z.optional(z.string({ error: "url must be text" }).check(z.regex(/^https?:\/\/[^\s/]+[^\s]*$/, "url must be an http:// or https:// address, e.g. https://example.org/reader/"))),
  introduction: z.optional(text("introduction")),
  slug: z.optional(z.string().check(z.regex(SLUG_RE, "slug must be lowercase ASCII letters, digits and hyphens (e.g. my-packet), at most 80 characters"))),
  print: printSchema,
  items: z.array(z.union([itemPath, group], { error: "an item is a path to a manuscript folder, or `part:` with `items:`" }), { error: "items must be a list of paths to manuscript folders (or `- part: …` with `items:`)" }).check(z.minLength(1, "items must list at least one manuscript folder")),
}, { error: "packet.yaml must be a block of `field: value` lines" });

export interface PacketItem {
  /** The entry as written in packet.yaml. */
  entry: string;
  /** Real absolute path of the item's folder. */
  dir: string;
  /** The folder as diagnostics print it (relative to the working directory). */
  displayDir: string;
  /** Where the entry is in packet.yaml, and its field path ("items.2", "items.1.items.0"). */
  line: number;
  column: number;
  field: string;
  /** The title of the `part:` the item is grouped under. */
  part?: string;
}

export interface PacketSpec {
  /** Real absolute path of the folder holding packet.yaml. */
  root: string;
  /** packet.yaml as diagnostics print it. */
  file: string;
  metadata: BookMetadata;
  /** Where OUT/<packet-slug>/ will be published (links are absolute when set). */
  url?: string;
  introduction?: SourceFile;
  items: PacketItem[];
}

/** `DIR` (holding packet.yaml) or the packet file itself. */
async function findPacketFile({ path, cwd }: { path: string; cwd: string }): Promise<string | undefined> {
  const abs = resolve(cwd, path);
  try {
    const info = await stat(abs);
    return info.isDirectory() ? resolve(abs, PACKET_FILE) : abs;
  } catch {
    return undefined;
  }
}

export async function loadPacket({ path = ".", cwd = process.cwd() }: { path?: string; cwd?: string }): Promise<Result<PacketSpec | undefined>> {
  const diagnostics: Diagnostic[] = [];
  const shownAbs = (abs: string) => relative(cwd, abs) || ".";
  const fileAbs = await findPacketFile({ path, cwd });
  const missing = () => diag("load/no-packet", { message: `no ${PACKET_FILE} at "${path}"; give a folder holding ${PACKET_FILE}, or the packet file itself`, file: fileAbs ? shownAbs(fileAbs) : path });
  if (!fileAbs) return { value: undefined, diagnostics: [missing()] };
  let root: string;
  try {
    root = await realpath(dirname(fileAbs));
  } catch {
    return { value: undefined, diagnostics: [missing()] };
  }
  const displayRoot = shownAbs(dirname(fileAbs));
  const read = await readInside({ rootReal: root, relPath: basename(fileAbs) });
  if (!read.ok) return { value: undefined, diagnostics: [read.reason === "missing" ? missing() : diag("load/unreadable", { message: read.detail, file: shownAbs(fileAbs) })] };
  const file = shownAbs(fileAbs);
  const source = decodeUtf8(read.bytes);
  if (source === undefined) return { value: undefined, diagnostics: [diag("load/encoding", { message: `"${basename(fileAbs)}" is not UTF-8 text; save it as UTF-8`, file })] };

  const parsed = parseYaml({ text: source.replace(/\r\n?/g, "\n"), file });
  if (!parsed.value) return { value: undefined, diagnostics: parsed.diagnostics };
  const yaml = parsed.value;
  if (typeof yaml.data !== "object" || yaml.data === null || Array.isArray(yaml.data)) {
    return { value: undefined, diagnostics: [diag("meta/field", { message: "packet.yaml must be a block of `field: value` lines, not a list or a single value", file, line: 1, column: 1 })] };
  }
  diagnostics.push(...characterProblems({ yaml, file }));
  const result = schema.safeParse(yaml.data);
  if (!result.success) {
    for (const issue of result.error.issues) diagnostics.push(packetIssue({ issue, yaml, file }));
    return { value: undefined, diagnostics };
  }
  if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
  const raw = result.data;

  // The packet's own metadata goes through the same conversion as a book's: editors are credited as editors.
  const asBook: RawMetadata = {
    title: raw.title,
    language: raw.language,
    contributors: (raw.editors === undefined ? [] : Array.isArray(raw.editors) ? raw.editors : [raw.editors]).map((p) => (typeof p === "string" ? { name: p, role: "editor" as const } : { ...p, role: "editor" as const })),
    ...(raw.subtitle ? { subtitle: raw.subtitle } : {}),
    ...(raw.publisher ? { publisher: raw.publisher } : {}),
    ...(raw.date ? { date: raw.date } : {}),
    ...(raw.identifier ? { identifier: raw.identifier } : {}),
    ...(raw.description ? { description: raw.description } : {}),
    ...(raw.subjects ? { subjects: raw.subjects } : {}),
    ...(raw.rights ? { rights: raw.rights } : {}),
    ...(raw.slug ? { slug: raw.slug } : {}),
    ...(raw.print ? { print: raw.print } : {}),
  };
  const metadata = toBookMetadata({ raw: asBook, extra: raw.url ? { url: raw.url } : {}, yaml, file, diagnostics });
  if (!metadata) return { value: undefined, diagnostics };

  let introduction: SourceFile | undefined;
  if (raw.introduction !== undefined) {
    const at = { file, ...yaml.positionOf(["introduction"]), field: "introduction" };
    const got = await readInside({ rootReal: root, relPath: raw.introduction });
    if (!got.ok) {
      diagnostics.push(got.reason === "outside"
        ? diag("load/outside-folder", { message: `introduction: "${raw.introduction}" is not a file inside the packet's folder; put the introduction next to packet.yaml`, ...at })
        : diag("load/missing-file", { message: `introduction: ${got.detail.replace("the manuscript folder", "the packet's folder")}`, ...at }));
    } else if (!/\.(md|markdown)$/i.test(raw.introduction)) {
      diagnostics.push(diag("meta/field", { message: `introduction: "${raw.introduction}" is not a Markdown file (.md)`, ...at }));
    } else {
      const t = decodeUtf8(got.bytes);
      const rel = relative(root, got.realPath).split("\\").join("/");
      if (t === undefined) diagnostics.push(diag("load/encoding", { message: `"${rel}" is not UTF-8 text; save it as UTF-8`, file: displayPathFor({ displayRoot, path: rel }) }));
      else introduction = { path: rel, displayPath: displayPathFor({ displayRoot, path: rel }), text: t.replace(/\r\n?/g, "\n") };
    }
  }

  const items: PacketItem[] = [];
  const seen = new Map<string, PacketItem>();
  const addItem = async ({ entry, path: yamlPath, part }: { entry: string; path: Array<string | number>; part?: string }) => {
    const at = { file, ...yaml.positionOf(yamlPath), field: yamlPath.join(".") };
    if (isAbsolute(entry) || /^[a-z][a-z0-9+.-]*:/i.test(entry) || entry.startsWith("\\")) {
      diagnostics.push(diag("load/packet-item", { message: `${at.field}: "${entry}" must be a path relative to packet.yaml (e.g. ../civil-disobedience), not an absolute path or an address`, ...at }));
      return;
    }
    const lexical = resolve(root, entry);
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      diagnostics.push(diag("load/packet-item", { message: `${at.field}: the item "${entry}" does not exist (looked for the folder ${shownAbs(lexical)})`, ...at }));
      return;
    }
    if (real !== lexical) {
      diagnostics.push(diag("load/packet-symlink", { message: `${at.field}: the item "${entry}" goes through a symbolic link; name the real folder (or copy the manuscript)`, ...at }));
      return;
    }
    if (!(await stat(real)).isDirectory()) {
      diagnostics.push(diag("load/packet-item", { message: `${at.field}: the item "${entry}" is a file, not a manuscript folder; name the folder that holds its ${METADATA_FILE}`, ...at }));
      return;
    }
    if (real === root) {
      diagnostics.push(diag("load/packet-item", { message: `${at.field}: the item "${entry}" is the packet's own folder; each item is a manuscript folder of its own`, ...at }));
      return;
    }
    const meta = await stat(resolve(real, METADATA_FILE)).catch(() => undefined);
    if (!meta?.isFile()) {
      diagnostics.push(diag("load/packet-item", { message: `${at.field}: the item "${entry}" has no ${METADATA_FILE}, so it is not a manuscript folder`, ...at }));
      return;
    }
    const before = seen.get(real);
    if (before) {
      diagnostics.push(diag("load/packet-duplicate", { message: `${at.field}: the item "${entry}" is the same folder as ${before.field} ("${before.entry}", line ${before.line}); list each manuscript once`, ...at }));
      return;
    }
    const item: PacketItem = { entry, dir: real, displayDir: shownAbs(real), line: at.line, column: at.column, field: at.field, ...(part ? { part } : {}) };
    seen.set(real, item);
    items.push(item);
  };
  for (const [i, it] of raw.items.entries()) {
    if (typeof it === "string") await addItem({ entry: it, path: ["items", i] });
    else for (const [j, entry] of it.items.entries()) await addItem({ entry, path: ["items", i, "items", j], part: it.part });
  }

  if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
  const spec: PacketSpec = { root, file, metadata, items };
  if (raw.url) spec.url = raw.url;
  if (introduction) spec.introduction = introduction;
  return { value: spec, diagnostics };
}

function packetIssue({ issue, yaml, file }: { issue: z.core.$ZodIssue; yaml: ParsedYaml; file: string }): Diagnostic {
  if (issue.code === "unrecognized_keys") {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const inPrint = path[0] === "print";
    const inGroup = path[0] === "items";
    const allowed = inPrint ? "trim, bleed, paper, preflight" : inGroup ? "part, items" : PACKET_FIELDS.join(", ");
    const key = issue.keys[0] ?? "";
    const pos = path.length === 0 && !RESERVED_KEYS.has(key) ? yaml.keyPositionOf(key) : yaml.positionOf([...path, key]);
    const field = [...path, key].map(String).join(".");
    return diag("meta/field", { message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} in ${inPrint ? "print" : inGroup ? "a part" : "packet.yaml"} (allowed: ${allowed})`, file, ...pos, field });
  }
  return issueToDiagnostic({ issue, yaml, file });
}

/**
 * The error that fails a packet when an item's own manuscript does not load: at the item's line in
 * packet.yaml, naming its path and its own first error (file and line), which is reported too.
 */
export function itemFailure({ packet, item, diagnostics }: { packet: PacketSpec; item: PacketItem; diagnostics: readonly Diagnostic[] }): Diagnostic {
  const first = diagnostics.find((d) => d.severity === "error");
  const where = first ? formatDiagnostic({ severity: first.severity, code: first.code, message: first.message, ...(first.file ? { file: first.file } : {}), ...(first.line !== undefined ? { line: first.line } : {}), ...(first.column !== undefined ? { column: first.column } : {}) }).replace(/ \[[^\]]+\]$/, "") : "";
  return diag("load/packet-item", {
    message: `${item.field}: the item "${item.entry}" (${item.displayDir}) does not build${first ? `: ${where}` : ""}`,
    file: packet.file, line: item.line, column: item.column, field: item.field,
  });
}
