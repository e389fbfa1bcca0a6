/**
 * Test helper: the same Markdown through both real pandocs (native 2.17 on PATH, pandoc-wasm 3.x
 * in-process), returning each block's text content with entities decoded. No mocks.
 */
import { execFileSync } from "node:child_process";
import { Parser } from "htmlparser2";

export interface HtmlBlock {
  tag: string;
  text: string;
}

export function nativePandocAvailable(): boolean {
  try {
    execFileSync("pandoc", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function nativeHtml(markdown: string): string {
  return execFileSync("pandoc", ["-f", "markdown", "-t", "html5", "--wrap=none"], {
    input: markdown,
    maxBuffer: 64 * 1024 * 1024,
  }).toString("utf8");
}

type WasmConvert = (
  options: Record<string, unknown>,
  stdin: string,
  files: Record<string, unknown>,
) => Promise<{ stdout: string; stderr: string }>;

let wasm: Promise<WasmConvert> | undefined;

export async function wasmHtml(markdown: string): Promise<string> {
  // pandoc-wasm ships no types; a variable specifier keeps tsc from demanding them.
  const specifier = "pandoc-wasm";
  wasm ??= (import(specifier) as Promise<{ convert: WasmConvert }>).then((m) => m.convert);
  const convert = await wasm;
  const result = await convert({ from: "markdown", to: "html5", wrap: "none" }, markdown, {});
  if (result.stderr) throw new Error(`pandoc-wasm: ${result.stderr}`);
  return result.stdout;
}

/** Top-level `<p>` and `<hN>` blocks with their text (tags stripped, entities decoded). */
export function htmlBlocks(html: string): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  let current: HtmlBlock | undefined;
  const parser = new Parser(
    {
      onopentag(name) {
        if (current === undefined && /^(p|h[1-6]|pre|blockquote|ul|ol|dl|table|hr|div)$/.test(name)) {
          current = { tag: name, text: "" };
          blocks.push(current);
          if (name === "hr") current = undefined;
        }
      },
      ontext(text) {
        if (current) current.text += text;
      },
      onclosetag(name) {
        if (current?.tag === name) current = undefined;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return blocks;
}
