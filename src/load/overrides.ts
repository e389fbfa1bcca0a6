/**
 * A manuscript's own `templates/` files are untrusted, and what they produce is not sanitised
 * afterwards (the Book's HTML is; a template's own markup is not). So they are checked when read:
 *
 * - stylesheets (`.css`), parsed with postcss: no `@import`, no `url()` but a relative path to a
 *   file inside the manuscript folder, a `#fragment`, or a `data:` image or font; no
 *   `expression()`, `behavior`, `-moz-binding` or `javascript:`;
 * - Liquid templates (`.liquid`): no `<script`, no `on…=` event handlers, no `javascript:` URLs,
 *   no `<iframe`, `<object`, `<embed`, `<base` or `<meta http-equiv`, and their `<style>` blocks
 *   and `style=""` attributes follow the stylesheet rules.
 *
 * Each refusal names the file, line and column. What the templates render is checked again,
 * parsed (rendered-markup.ts).
 */
import { posix } from "node:path";
import postcss, { CssSyntaxError, type Node as CssNode } from "postcss";
import { diag, type Diagnostic } from "../diagnostics.js";
import { readInside } from "./files.js";

export interface OverrideSource {
  /** File name inside `templates/`, e.g. "base.css". */
  name: string;
  text: string;
  /** Path as diagnostics print it. */
  displayPath: string;
}

/** The manuscript folder's own templates. */
export const TEMPLATE_DIR = "templates";
const DATA_URL_OK = /^data:(?:image\/(?:png|jpeg|gif|webp|avif|svg\+xml)|font\/(?:woff2?|ttf|otf|sfnt|collection)|application\/(?:font-woff2?|x-font-(?:ttf|otf|woff)|font-sfnt|vnd\.ms-fontobject))[;,]/i;
const FORBIDDEN_PROPERTIES = new Set(["behavior", "-moz-binding"]);

interface Position {
  line: number;
  column: number;
}

/** Offset → line and column inside `text`, starting from `start` (where `text` begins in its file). */
function positionIn(text: string, index: number, start: Position): Position {
  const before = text.slice(0, index);
  const lines = before.split("\n");
  return lines.length === 1 ? { line: start.line, column: start.column + index } : { line: start.line + lines.length - 1, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** CSS escapes (`\75 rl(`, `\:`) decoded, so an escaped `url(` or `javascript:` is seen as one. */
/** CSS escapes (`\\69mport`, `\\@`) read as the characters they stand for. */
export function unescapeCss(text: string): string {
  return text.replace(/\\([0-9a-f]{1,6})\s?|\\(.)/gi, (_m, hex: string | undefined, ch: string | undefined) => (hex ? String.fromCodePoint(Number.parseInt(hex, 16) || 0xfffd) : (ch ?? "")));
}

interface CssFinding {
  index: number;
  message: string;
}

/**
 * Finds what a stylesheet value or block may not hold. `check` says whether a relative URL names a
 * file inside the manuscript (it is resolved against `templates/`, as a browser would).
 */
function scanCss(text: string, check: (relPath: string) => boolean): CssFinding[] {
  const found: CssFinding[] = [];
  const plain = text.includes("\\") ? unescapeCss(text) : text;
  for (const m of plain.matchAll(/@import\b/gi)) found.push({ index: m.index, message: "`@import` is not allowed: a stylesheet override cannot load another stylesheet" });
  for (const m of plain.matchAll(/\bexpression\s*\(/gi)) found.push({ index: m.index, message: "`expression()` is not allowed (it runs script)" });
  for (const m of plain.matchAll(/\b(?:java|vb)script\s*:/gi)) found.push({ index: m.index, message: "a `javascript:` URL is not allowed" });
  for (const m of plain.matchAll(/(?<![\w-])(behavior|-moz-binding)\s*:/gi)) found.push({ index: m.index, message: `\`${m[1]}\` is not allowed (it loads code)` });
  const urls = [
    ...[...plain.matchAll(/\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)].map((m) => ({ index: m.index, url: m[1] ?? m[2] ?? m[3] ?? "" })),
    // image-set() and @import take plain strings as URLs too.
    ...[...plain.matchAll(/image-set\(([^)]*)\)/gi)].flatMap((m) => [...(m[1] ?? "").matchAll(/"([^"]*)"|'([^']*)'/g)].map((s) => ({ index: m.index + (s.index ?? 0), url: s[1] ?? s[2] ?? "" }))),
  ];
  for (const { index, url } of urls) {
    const problem = urlProblem(url.trim(), check);
    if (problem) found.push({ index, message: problem });
  }
  return found;
}

function urlProblem(url: string, check: (relPath: string) => boolean): string | undefined {
  const shown = JSON.stringify(url.length > 80 ? url.slice(0, 77) + "…" : url);
  if (url === "" || url.startsWith("#")) return undefined;
  if (/^data:/i.test(url)) return DATA_URL_OK.test(url) ? undefined : `url(${shown}) is a data: URL that is not an image or a font`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//") || url.startsWith("/") || url.startsWith("\\")) {
    return `url(${shown}) points outside the book; use a path relative to the templates folder, to a file inside the manuscript (e.g. ../images/rule.png)`;
  }
  const path = url.replace(/[?#].*$/, "");
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return `url(${shown}) is not a valid relative path`;
  }
  const rel = posix.normalize(posix.join(TEMPLATE_DIR, decoded));
  if (rel.startsWith("../") || rel === ".." || posix.isAbsolute(rel)) return `url(${shown}) points outside the manuscript folder`;
  if (!check(rel)) return `url(${shown}) names "${rel}", which is not a file inside the manuscript folder`;
  return undefined;
}

function nodeStart(node: CssNode): Position {
  return { line: node.source?.start?.line ?? 1, column: node.source?.start?.column ?? 1 };
}

function checkStylesheet(source: OverrideSource, check: (relPath: string) => boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (pos: Position, message: string) =>
    out.push(diag("load/override-css", { message: `${source.name}: ${message}`, file: source.displayPath, line: pos.line, column: pos.column }));
  let root: postcss.Root;
  try {
    root = postcss.parse(source.text, { from: source.displayPath });
  } catch (error) {
    if (error instanceof CssSyntaxError) {
      report({ line: error.line ?? 1, column: error.column ?? 1 }, `not valid CSS (${error.reason})`);
      return out;
    }
    throw error;
  }
  root.walkAtRules((rule) => {
    const start = nodeStart(rule);
    if (rule.name.toLowerCase() === "import") {
      report(start, `\`@import ${rule.params.slice(0, 80)}\` is not allowed: a stylesheet override cannot load another stylesheet; put the rules in this file`);
      return;
    }
    const offset = 1 + rule.name.length + (rule.raws.afterName?.length ?? 0);
    for (const f of scanCss(rule.params, check)) report(positionIn(rule.params, f.index, { line: start.line, column: start.column + offset }), f.message);
  });
  root.walkDecls((decl) => {
    const start = nodeStart(decl);
    if (FORBIDDEN_PROPERTIES.has(unescapeCss(decl.prop).toLowerCase())) {
      report(start, `\`${decl.prop}\` is not allowed (it loads code)`);
      return;
    }
    const offset = decl.prop.length + (decl.raws.between?.length ?? 1);
    for (const f of scanCss(decl.value, check)) report(positionIn(decl.value, f.index, { line: start.line, column: start.column + offset }), f.message);
  });
  return out;
}

/** Elements that embed or load another document, or change where the page's links go. */
export const EMBEDDING_TAGS = ["iframe", "object", "embed", "base", "frame", "frameset", "applet", "portal"] as const;

const TEMPLATE_RULES: Array<{ re: RegExp; what: (m: RegExpMatchArray) => string }> = [
  // A JSON-LD data block (web.liquid has one) is data, never run; every other script is refused.
  { re: /<\s*script\b(?![^>]*(?<![\w-])type\s*=\s*["']?application\/ld\+json["']?[\s/>])/gi, what: () => "`<script>` is not allowed: editions never run scripts" },
  { re: new RegExp(`<\\s*(${EMBEDDING_TAGS.join("|")})\\b`, "gi"), what: (m) => `\`<${(m[1] ?? "").toLowerCase()}>\` is not allowed: editions never embed or load other documents` },
  // Content-Security-Policy (web.liquid's own, which only restricts) and Content-Type are kept;
  // refresh, set-cookie and the rest can redirect or change the page.
  { re: /<\s*meta\b[^>]*\bhttp-equiv\s*=\s*(?!["']?(?:content-security-policy|content-type)["'\s/>])["']?([^"'\s/>]*)/gi, what: (m) => `\`<meta http-equiv="${m[1] ?? ""}">\` is not allowed (it can refresh or redirect the page); only Content-Security-Policy and Content-Type may be set` },
  { re: /<[a-z][^>]*?[\s"'/](on[a-z]+)\s*=/gi, what: (m) => `the event handler \`${m[1]}=\` is not allowed: editions never run scripts` },
  { re: /\b(?:java|vb)script\s*:/gi, what: () => "a `javascript:` URL is not allowed: editions never run scripts" },
];

function checkLiquid(source: OverrideSource, check: (relPath: string) => boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (index: number, message: string) => {
    const pos = positionIn(source.text, index, { line: 1, column: 1 });
    out.push(diag("load/override-template", { message: `${source.name}: ${message}`, file: source.displayPath, line: pos.line, column: pos.column }));
  };
  for (const rule of TEMPLATE_RULES) for (const m of source.text.matchAll(rule.re)) report(m.index, rule.what(m));
  // Stylesheets inside the template follow the stylesheet rules.
  const styled = [
    ...[...source.text.matchAll(/<style\b[^>]*>([\s\S]*?)(?:<\/style\s*>|$)/gi)].map((m) => ({ at: m.index + m[0].indexOf(">") + 1, css: m[1] ?? "" })),
    ...[...source.text.matchAll(/\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((m) => ({ at: m.index + m[0].search(/["']/) + 1, css: m[1] ?? m[2] ?? "" })),
  ];
  for (const { at, css } of styled) for (const f of scanCss(css, check)) report(at + f.index, `in a style: ${f.message}`);
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * The diagnostics for one override file (none when it is fine). `rootReal` is the manuscript
 * folder's real path, for checking that the files a stylesheet names exist inside it.
 */
export async function checkOverride({ source, rootReal }: { source: OverrideSource; rootReal: string }): Promise<Diagnostic[]> {
  const lower = source.name.toLowerCase();
  if (!lower.endsWith(".css") && !lower.endsWith(".liquid")) return [];
  // Collect the relative paths first (the checks are synchronous), then look them up.
  const wanted = new Set<string>();
  const collect = (rel: string) => (wanted.add(rel), true);
  if (lower.endsWith(".css")) checkStylesheet(source, collect);
  else checkLiquid(source, collect);
  const present = new Set<string>();
  for (const rel of wanted) if ((await readInside({ rootReal, relPath: rel })).ok) present.add(rel);
  const exists = (rel: string) => present.has(rel);
  return lower.endsWith(".css") ? checkStylesheet(source, exists) : checkLiquid(source, exists);
}
