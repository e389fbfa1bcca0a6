#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in lib/ (npm run compile), so start-up needs no
// loader. `npm run compile` also bundles it into one CommonJS file (scripts/bundle.mjs →
// lib/bundle/imprint.cjs) and trains V8's code cache for it (imprint.cjs.cache): compiled here
// with that cache, the CLI starts ~0.1 s sooner than from lib/'s ES modules. The bundle is used
// unless it is older than lib/cli/main.js (someone ran tsc alone), so a stale bundle never runs;
// IMPRINT_NO_BUNDLE=1 forces lib/cli. A cache V8 refuses (another Node, other flags) is ignored.
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const lib = new URL("../lib/", import.meta.url);
const bundleFile = fileURLToPath(new URL("bundle/imprint.cjs", lib));
const cacheFile = `${bundleFile}.cache`;
const mtime = (path) => {
  try {
    return statSync(new URL(path, lib)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = mtime("bundle/imprint.cjs") >= mtime("cli/main.js") && process.env.IMPRINT_NO_BUNDLE !== "1";
const cacheMode = process.env.IMPRINT_CODE_CACHE; // "write" (training, scripts/bundle.mjs), "check", "off"

// The cache is V8's own format, which checks the Node version and flags but not the source's
// content; its first line therefore names the bundle it was made from (size and mtime).
function cacheKey() {
  const s = statSync(bundleFile);
  return `imprint-code-cache 1 ${s.size} ${Math.floor(s.mtimeMs)}\n`;
}

function readCache(key) {
  if (cacheMode === "off" || cacheMode === "write") return undefined;
  try {
    const bytes = readFileSync(cacheFile);
    const head = Buffer.from(key);
    return bytes.subarray(0, head.length).equals(head) ? bytes.subarray(head.length) : undefined;
  } catch {
    return undefined;
  }
}

function loadBundle() {
  const key = cacheKey();
  const cachedData = readCache(key);
  const source = readFileSync(bundleFile, "utf8");
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __imprintImportHost) {${source}\n})`, {
    filename: bundleFile,
    ...(cachedData ? { cachedData } : {}),
  });
  if (cacheMode === "check") console.error(`imprint: code cache ${!cachedData ? "absent" : script.cachedDataRejected ? "rejected" : "accepted"}`);
  const module = { exports: {} };
  // The bundle's import() of packages outside it (scripts/bundle.mjs): resolved from here, in the same package.
  const importHost = (specifier) => import(specifier);
  script.runInThisContext()(module.exports, createRequire(bundleFile), module, bundleFile, fileURLToPath(new URL("bundle/", lib)), importHost);
  const writeCache = async () => {
    // The build turned the optimiser off (src/optimiser.ts); V8 stamps the cache with the flags
    // in force, so they go back to a fresh process's before it is made.
    (await import("node:v8")).setFlagsFromString("--opt");
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(key), script.createCachedData()]));
    renameSync(tmp, cacheFile);
  };
  return { ...module.exports, writeCache };
}

const { main, shutdown, writeCache } = bundled ? loadBundle() : await import("../lib/cli/main.js");

main(process.argv.slice(2)).then(
  async (code) => {
    process.exitCode = code;
    if (cacheMode === "write" && code === 0 && writeCache) await writeCache();
    await shutdown();
  },
  (error) => {
    console.error(`imprint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
