/**
 * Makes the Book's HTML self-contained: every reference to a book asset becomes a `data:` URL, so
 * the HTML edition is one file that loads nothing. SVG goes as a data URL in `<img>` too (never
 * inlined as markup), so a script inside an SVG can never run.
 */
import { diag, type Diagnostic } from "../../diagnostics.js";
import type { Asset } from "../../model/book.js";

export interface InlineAssetsResult {
  html: string;
  diagnostics: Diagnostic[];
}

export function dataUrl(asset: Asset): string {
  return `data:${asset.mediaType};base64,${Buffer.from(asset.bytes).toString("base64")}`;
}

function decodeAttr(value: string): string {
  return value.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

function safeDecodeUri(value: string): string {
  try {
    return decodeURI(value);
  } catch {
    return value;
  }
}

/** Attributes that make a browser fetch something by themselves (links only on click). */
const LOADING = new Set(["src", "poster", "data", "xlink:href", "background"]);

export function inlineAssets({ html, assets, sourceFile }: { html: string; assets: readonly Asset[]; sourceFile: string }): InlineAssetsResult {
  const byPath = new Map(assets.map((a) => [a.path, a]));
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  const out = html.replace(/\s(src|href|poster|data|xlink:href|background|srcset)="([^"]*)"/g, (whole, name: string, raw: string) => {
    const value = decodeAttr(raw);
    if (name === "srcset") return ""; // One image per element; the src carries it.
    if (value.startsWith("data:") || value.startsWith("#")) return whole;
    const path = safeDecodeUri(value.replace(/^\.\//, "").split("#")[0] ?? "");
    const asset = byPath.get(path);
    if (asset) return ` ${name}="${dataUrl(asset)}"`;
    if (!LOADING.has(name)) return whole;
    if (!reported.has(value)) {
      reported.add(value);
      diagnostics.push(
        diag("render/unresolved-resource", {
          message: `"${value}" is not a file of the book, so the HTML edition leaves it out`,
          file: sourceFile,
          hint: "Put the file in the manuscript's images/ folder and refer to it by that relative path.",
        }),
      );
    }
    return "";
  });
  return { html: out, diagnostics };
}
