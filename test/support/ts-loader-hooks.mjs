/**
 * Module hooks for ts-loader.mjs (they run on Node's loader thread). Transpiled output is cached
 * under the OS temp folder by SHA-256 of the source, so a child process that meets only
 * unchanged files never loads the TypeScript compiler (about 0.7 s per process).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const TS_VERSION = JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
const CACHE = join(tmpdir(), "imprint-ts-loader");
let ts;

export async function resolve(specifier, context, next) {
  const parent = context.parentURL;
  if (parent?.startsWith("file:") && parent.endsWith(".ts") && specifier.startsWith(".") && specifier.endsWith(".js")) {
    const asTs = new URL(specifier.slice(0, -3) + ".ts", parent);
    if (!existsSync(fileURLToPath(new URL(specifier, parent))) && existsSync(fileURLToPath(asTs))) return { url: asTs.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
  const path = fileURLToPath(url);
  const source = readFileSync(path, "utf8");
  const key = createHash("sha256").update(`${TS_VERSION}\0${path}\0${source}`).digest("hex");
  const cached = join(CACHE, `${key}.mjs`);
  if (existsSync(cached)) return { format: "module", source: readFileSync(cached, "utf8"), shortCircuit: true };
  ts ??= (await import("typescript")).default;
  const { outputText } = ts.transpileModule(source, {
    fileName: path,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true },
  });
  // Written under a unique name, then renamed: parallel children never read a half-written file.
  mkdirSync(CACHE, { recursive: true });
  const temp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, outputText);
  renameSync(temp, cached);
  return { format: "module", source: outputText, shortCircuit: true };
}
