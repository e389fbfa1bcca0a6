/**
 * The text a reader gets from each edition, for the fidelity check: the HTML's text, the EPUB's
 * XHTML text in spine order, and the PDF's text as poppler's pdftotext extracts it. Blocks and
 * lines are separated by newlines and PDF pages by form feeds; nothing else is normalised here.
 */
import { writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { Parser } from "htmlparser2";
import { openZip } from "../zip-read.js";
import { runTool, withTempDir } from "./run-tool.js";

/** Elements whose content is never shown as text. */
const HIDDEN = new Set(["head", "script", "style", "template", "title", "noscript"]);
/** Elements that start a new line of text, so words from neighbouring blocks never merge. */
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt", "figcaption",
  "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
  "section", "summary", "table", "td", "th", "tr", "ul",
]);

/** Visible text of an HTML or XHTML document, entities decoded, blocks on their own lines. */
export function htmlEditionText(html: string): string {
  const parts: string[] = [];
  let hiddenDepth = 0;
  const stack: boolean[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const hide = HIDDEN.has(name) || "hidden" in attribs;
        stack.push(hide);
        if (hide) hiddenDepth++;
        if (BLOCK.has(name)) parts.push("\n");
      },
      ontext(text) {
        // Whitespace inside text is one space, as a browser shows it; newlines mark blocks only.
        if (hiddenDepth === 0) parts.push(text.replace(/[ \t\r\n\f]+/g, " "));
      },
      onclosetag(name) {
        if (stack.pop()) hiddenDepth--;
        if (BLOCK.has(name)) parts.push("\n");
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return parts.join("");
}

/** The attribute values of every `tag` element in an XML document, in document order. */
function xmlElements(xml: string, tag: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === tag || name.endsWith(`:${tag}`)) found.push(attribs);
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return found;
}

/** The EPUB's XHTML documents in spine order, each as `htmlEditionText`, joined by newlines. */
export async function epubEditionText(bytes: Uint8Array): Promise<string> {
  const zip = openZip(bytes);
  const container = zip.text("META-INF/container.xml");
  if (container === undefined) throw new Error("not an EPUB: META-INF/container.xml is missing");
  const opfPath = xmlElements(container, "rootfile")[0]?.["full-path"];
  const opf = opfPath === undefined ? undefined : zip.text(opfPath);
  if (opfPath === undefined || opf === undefined) throw new Error("not an EPUB: the package document is missing");
  const base = posix.dirname(opfPath);
  const manifest = new Map(xmlElements(opf, "item").map((item) => [item.id ?? "", item]));
  const texts: string[] = [];
  for (const ref of xmlElements(opf, "itemref")) {
    const item = manifest.get(ref.idref ?? "");
    if (!item?.href || !/html/.test(item["media-type"] ?? "")) continue;
    const path = posix.normalize(posix.join(base === "." ? "" : base, decodeURIComponent(item.href)));
    const doc = zip.text(path);
    if (doc === undefined) throw new Error(`the spine names ${path}, which is not in the EPUB`);
    texts.push(htmlEditionText(doc));
  }
  return texts.join("\n");
}

/** pdftotext is missing: the caller reports check/tool-missing rather than a fidelity failure. */
export class ToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not installed (Debian/Ubuntu: sudo apt-get install -y poppler-utils)`);
    this.name = "ToolMissingError";
  }
}

/**
 * The PDF's text through `pdftotext -layout`: reading order for a one-column book, pages split by
 * form feeds, and — unlike its default mode — no silent joining of words hyphenated at a line
 * end, so a real `well-known` stays apart from a soft hyphen (which it shows as U+2010 or U+00AD).
 */
export async function pdfEditionText(bytes: Uint8Array, options: { timeoutMs?: number } = {}): Promise<string> {
  return withTempDir("imprint-pdftext-", async (dir) => {
    const file = join(dir, "edition.pdf");
    await writeFile(file, bytes);
    const run = await runTool({ command: "pdftotext", args: ["-layout", "-enc", "UTF-8", "-eol", "unix", file, "-"], timeoutMs: options.timeoutMs ?? 60_000 });
    if (run.spawnError?.code === "ENOENT") throw new ToolMissingError("pdftotext");
    if (run.code !== 0) throw new Error(`pdftotext failed: ${run.stderr.trim() || run.spawnError?.message || (run.timedOut ? "timed out" : `exit ${run.code}`)}`);
    return run.stdout;
  });
}
