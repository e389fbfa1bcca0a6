// Compiles a file of the CLI bundle (lib/bundle/*.cjs, scripts/bundle.mjs) with V8's code cache
// beside it (FILE.cache), for bin/imprint.js and for the worker threads' entry stubs.
//
// Node 20 hands V8 a code cache only for a script compiled through vm.Script (ES modules cannot
// take one; Node 22's module.enableCompileCache is what this stands in for). The cache is V8's
// own format: V8 refuses one made by another Node version or under other V8 flags, but it checks
// the source only by its length, so the cache's first line names the bundle file it was made
// from (size and mtime). `npm run compile` trains the caches by building manuscript/ with
// IMPRINT_CODE_CACHE=write; IMPRINT_CODE_CACHE=check prints whether each was accepted, off skips them.
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import vm from "node:vm";

const mode = process.env.IMPRINT_CODE_CACHE;

const keyOf = (file) => {
  const s = statSync(file);
  return `imprint-code-cache 1 ${s.size} ${Math.floor(s.mtimeMs)}\n`;
};

function readCache({ cacheFile, key }) {
  if (mode === "off" || mode === "write") return undefined;
  try {
    const bytes = readFileSync(cacheFile);
    const head = Buffer.from(key);
    return bytes.subarray(0, head.length).equals(head) ? bytes.subarray(head.length) : undefined;
  } catch {
    return undefined;
  }
}

// The bundle's import() of packages outside it (a vm script has none of its own): resolved from
// here, inside the same package as lib/bundle/.
const importHost = (specifier) => import(specifier);

/**
 * Runs FILE (a CommonJS bundle) and returns its exports. When training (IMPRINT_CODE_CACHE=write),
 * globalThis.__imprintCodeCacheWrite saves the cache of everything compiled so far; `v8Flags` are
 * set first when the file was compiled under other flags than those now in force.
 */
export function loadCached({ file }) {
  const path = fileURLToPath(file);
  const cacheFile = `${path}.cache`;
  const key = keyOf(path);
  const cachedData = readCache({ cacheFile, key });
  // The bundle is ASCII (scripts/bundle.mjs escapes the rest): Latin-1 reads it as UTF-8 would, several times faster.
  const source = readFileSync(path, "latin1");
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __imprintImportHost) {${source}\n})`, {
    filename: path,
    ...(cachedData ? { cachedData } : {}),
  });
  if (mode === "check") console.error(`imprint: code cache ${!cachedData ? "absent" : script.cachedDataRejected ? "rejected" : "accepted"} (${basename(path)})`);
  if (mode === "write") {
    globalThis.__imprintCodeCacheWrite = ({ v8Flags } = {}) => {
      if (v8Flags) setFlagsFromString(v8Flags);
      const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(tmp, Buffer.concat([Buffer.from(key), script.createCachedData()]));
      renameSync(tmp, cacheFile);
    };
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path), importHost);
  return module.exports;
}
