/**
 * What a manuscript's own templates rendered, checked as a browser will read it: parsed by
 * htmlparser2 (entities decoded, attribute names and values as the browser sees them), not
 * matched as text. Liquid can assemble what a template's text does not show (`<script
 * {{ "" }}data-type=…>`, `jav&#x61;script:`, `@im{{ "" }}port`), so the check of the template
 * files (overrides.ts) is only the first gate; this one sees the result. The Book's own text is
 * escaped before it reaches a template, so anything found here came from a template.
 */
import { Parser } from "htmlparser2";
import { urlScheme } from "../convert/sanitize.js";
import { EMBEDDING_TAGS, unescapeCss } from "./overrides.js";

const EMBEDDING = new Set<string>(EMBEDDING_TAGS);
/** Attributes that make the browser fetch what they name (an `<a href>` fetches nothing until followed). */
const LOADING = new Set(["src", "srcset", "poster", "background", "data", "action", "formaction", "ping", "manifest", "codebase", "xlink:href", "longdesc", "usemap", "imagesrcset"]);
/** `<link rel>` values that fetch (a canonical or alternate link only names an address). */
const LINK_FETCHES = /\b(stylesheet|preload|prefetch|modulepreload|import|icon|apple-touch-icon|manifest|dns-prefetch|preconnect|prerender)\b/i;
const REMOTE = new Set(["http", "https", "//", "ftp", "ws", "wss", "file"]);

function cssProblem(css: string): string | undefined {
  const plain = unescapeCss(css);
  if (/@import\b/i.test(plain)) return "a stylesheet may not `@import` another one";
  if (/\bexpression\s*\(|(?<![\w-])(behavior|-moz-binding)\s*:/i.test(plain)) return "a stylesheet may not run code (expression(), behavior, -moz-binding)";
  for (const m of plain.matchAll(/\b(?:url|image-set|image|cross-fade)\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))/gi)) {
    const scheme = urlScheme(m[1] ?? m[2] ?? m[3] ?? "");
    if (scheme !== undefined && scheme !== "data") return `a stylesheet may not load ${scheme === "//" ? "a protocol-relative" : `a ${scheme}:`} URL`;
  }
  return undefined;
}

/** The first problem in what the templates rendered, or undefined when there is none. */
export function unsafeRenderedMarkup(html: string): string | undefined {
  let problem: string | undefined;
  let inStyle = false;
  let styleText = "";
  const found = (p: string | undefined) => {
    problem ??= p;
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (problem) return;
        if (name === "script" && (attribs.type ?? "").trim().toLowerCase() !== "application/ld+json") return found("`<script>` is not allowed: editions never run scripts");
        if (EMBEDDING.has(name)) return found(`\`<${name}>\` is not allowed: editions never embed or load other documents`);
        const equiv = attribs["http-equiv"]?.trim().toLowerCase();
        if (name === "meta" && equiv !== undefined && equiv !== "content-security-policy" && equiv !== "content-type") return found(`\`<meta http-equiv="${equiv}">\` is not allowed (it can refresh or redirect the page); only Content-Security-Policy and Content-Type may be set`);
        for (const [attr, value] of Object.entries(attribs)) {
          if (attr.startsWith("on")) return found(`the event handler \`${attr}=\` is not allowed: editions never run scripts`);
          if (attr === "style") found(cssProblem(value));
          const urls = attr === "srcset" || attr === "imagesrcset" ? value.split(",").map((c) => c.trim().split(/\s+/)[0] ?? "") : [value];
          for (const url of urls) {
            const scheme = urlScheme(url);
            if (scheme === "javascript" || scheme === "vbscript") return found("a `javascript:` URL is not allowed: editions never run scripts");
            const fetches = LOADING.has(attr) || (name === "link" && attr === "href" && LINK_FETCHES.test(attribs.rel ?? "")) || (name === "image" && attr === "href") || (name === "use" && attr === "href");
            if (fetches && scheme !== undefined && REMOTE.has(scheme)) return found(`<${name} ${attr}="${url.length > 60 ? url.slice(0, 57) + "…" : url}"> would load from outside the book; editions load only the book's own files`);
          }
        }
        if (name === "style") {
          inStyle = true;
          styleText = "";
        }
      },
      ontext(text) {
        if (inStyle) styleText += text;
      },
      onclosetag(name) {
        if (name === "style" && inStyle) {
          inStyle = false;
          found(cssProblem(styleText));
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return problem;
}
