/**
 * An in-process check of what epubcheck-ts misses and EPUBCheck rejects: every XHTML, SVG, OPF,
 * NCX and META-INF file parsed as XML (saxes, strict XML 1.0: well-formedness errors are errors),
 * no DOCTYPE but `<!DOCTYPE html>` in XHTML and none in SVG, and every relative href, src and
 * xlink:href resolving to a file of the book and its #fragment to an id in that file (EPUBCheck's
 * RSC-007 and RSC-012). Runs with the fast check, so a build that skips Java still catches them.
 */
import { openZip, type ZipReader } from "../zip-read.js";
import { SaxesParser } from "saxes";
import { diag, type Diagnostic } from "../diagnostics.js";
import { bareAmpersandLine } from "../load/xml-text.js";

type Kind = "xhtml" | "svg" | "opf" | "ncx" | "xml";

interface Reference {
  value: string;
  line: number;
  /** "link" for <a>/<area>, else "reference": what the message calls it. */
  noun: string;
  /** container.xml's full-path is relative to the root of the EPUB, not to META-INF/. */
  fromRoot: boolean;
}

interface Parsed {
  ids: Set<string>;
  refs: Reference[];
}

const BY_MEDIA_TYPE: Record<string, Kind> = {
  "application/xhtml+xml": "xhtml",
  "image/svg+xml": "svg",
  "application/x-dtbncx+xml": "ncx",
  "application/oebps-package+xml": "opf",
};

const BY_EXTENSION: Record<string, Kind> = { xhtml: "xhtml", html: "xhtml", htm: "xhtml", svg: "svg", opf: "opf", ncx: "ncx" };

export async function checkEpubStructure({ bytes, fileName }: { bytes: Uint8Array; fileName: string }): Promise<Diagnostic[]> {
  let zip: ZipReader;
  try {
    zip = openZip(bytes);
  } catch (error) {
    return [diag("check/epub-structure", { message: `the EPUB is not a readable ZIP archive (${(error as Error).message})`, file: fileName })];
  }
  const files = new Set(zip.names.filter((name) => !name.endsWith("/")));
  const out: Diagnostic[] = [];
  const report = (file: string, line: number | undefined, message: string) => out.push(diag("check/epub-structure", { message, file, ...(line ? { line } : {}) }));
  const kinds = classify({ zip, files });
  const parsed = new Map<string, Parsed>();
  for (const [file, kind] of [...kinds].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const text = zip.text(file) ?? "";
    parsed.set(file, parse({ text, file, kind, report }));
  }
  for (const [file, { refs }] of parsed) {
    for (const ref of refs) {
      const problem = resolve({ ref, file, files, parsed });
      if (problem) report(file, ref.line, problem);
    }
  }
  return out;
}

/** Kinds from the package's manifest media types, else from file extensions (META-INF/*.xml as plain XML). */
function classify({ zip, files }: { zip: ZipReader; files: Set<string> }): Map<string, Kind> {
  const kinds = new Map<string, Kind>();
  for (const file of files) {
    const ext = file.split(".").pop()?.toLowerCase() ?? "";
    const kind = BY_EXTENSION[ext] ?? (file.startsWith("META-INF/") && ext === "xml" ? "xml" : undefined);
    if (kind) kinds.set(file, kind);
  }
  for (const opf of [...kinds].filter(([, k]) => k === "opf").map(([f]) => f)) {
    const text = zip.text(opf) ?? "";
    const parser = new SaxesParser({ xmlns: false });
    parser.on("error", () => undefined); // reported when the OPF itself is parsed
    parser.on("opentag", (tag) => {
      const href = tag.attributes["href"];
      const type = tag.attributes["media-type"];
      if (tag.name.replace(/^.*:/, "") !== "item" || typeof href !== "string" || typeof type !== "string") return;
      const target = joinPath(dirOf(opf), safeDecode(href.split("#")[0]!) ?? "");
      const kind = BY_MEDIA_TYPE[type];
      if (kind && files.has(target)) kinds.set(target, kind);
    });
    parser.write(text).close();
  }
  return kinds;
}

function parse({ text, file, kind, report }: { text: string; file: string; kind: Kind; report: (file: string, line: number | undefined, message: string) => void }): Parsed {
  const result: Parsed = { ids: new Set(), refs: [] };
  const parser = new SaxesParser({ xmlns: true, position: true });
  let errors = 0;
  let ampersand: number | undefined;
  parser.on("error", (error) => {
    // One error usually sets off several more; the first two say what to fix.
    if (errors++ === 0 && (ampersand = bareAmpersandLine(text)) !== undefined) report(file, ampersand, "the file is not well-formed XML (a bare & that starts no entity; write &amp;)");
    if (ampersand !== undefined && parser.line >= ampersand) return; // what the & set off
    if (errors <= 2) report(file, parser.line, `the file is not well-formed XML (${error.message.replace(/^\d+:\d+: /, "").replace(/\.$/, "")})`);
  });
  parser.on("doctype", (doctype) => {
    const written = `<!DOCTYPE${doctype}>`;
    if (kind === "xhtml" && !/^\s+html\s*$/i.test(doctype)) report(file, parser.line, `the DOCTYPE ${JSON.stringify(written.replace(/\s+/g, " "))} is not allowed; an EPUB 3 XHTML file takes "<!DOCTYPE html>" or none`);
    if (kind === "svg") report(file, parser.line, `the DOCTYPE ${JSON.stringify(written.replace(/\s+/g, " "))} is not allowed; an SVG file in an EPUB takes none`);
  });
  parser.on("opentag", (tag) => {
    for (const attr of Object.values(tag.attributes)) {
      if (attr.local === "id" && (attr.uri === "" || attr.prefix === "xml")) result.ids.add(attr.value);
      const isRef = attr.local === "href" || attr.local === "src" || (kind === "xml" && attr.local === "full-path");
      if (!isRef || attr.prefix === "xmlns") continue;
      const noun = tag.local === "a" || tag.local === "area" ? "link" : "reference";
      result.refs.push({ value: attr.value, line: parser.line, noun, fromRoot: attr.local === "full-path" });
    }
  });
  parser.write(text).close();
  return result;
}

/** Why a reference does not resolve inside the book, or undefined when it does (or is not relative). */
function resolve({ ref, file, files, parsed }: { ref: Reference; file: string; files: Set<string>; parsed: Map<string, Parsed> }): string | undefined {
  const value = ref.value.trim();
  // Remote and other-scheme URLs, and absolute paths, are EPUBCheck's other rules, not broken links.
  if (value === "" || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith("/")) return undefined;
  const hash = value.indexOf("#");
  const pathPart = (hash >= 0 ? value.slice(0, hash) : value).replace(/\?.*$/, "");
  const fragment = hash >= 0 ? value.slice(hash + 1) : "";
  const decoded = safeDecode(pathPart);
  if (decoded === undefined) return `${ref.noun} to ${JSON.stringify(value)} is not a valid URL (bad %-escape)`;
  const target = decoded === "" ? file : joinPath(ref.fromRoot ? "" : dirOf(file), decoded);
  if (!files.has(target)) return `${ref.noun} to ${JSON.stringify(value)} does not point to a file of the book`;
  // Media fragments, SVG views and EPUB CFIs are not ids.
  if (fragment === "" || /[()=]/.test(fragment)) return undefined;
  const ids = parsed.get(target)?.ids;
  const id = safeDecode(fragment) ?? fragment;
  if (ids && !ids.has(id)) return `${ref.noun} to ${JSON.stringify(value)} points to no element with id "${id}" in ${target}`;
  return undefined;
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** POSIX join with `.` and `..` resolved; a path that climbs above the root keeps its `..` (and so is in no zip). */
function joinPath(dir: string, relative: string): string {
  const parts = dir === "" ? [] : dir.split("/");
  for (const part of relative.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
