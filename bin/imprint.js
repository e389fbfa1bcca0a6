#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in lib/ (npm run compile), so start-up needs no
// loader. `npm run compile` also bundles it into one CommonJS file (scripts/bundle.mjs →
// lib/bundle/imprint.cjs) and trains V8's code cache for it: compiled with that cache
// (bin/code-cache.js), the CLI starts ~0.1 s sooner than from lib/'s ES modules. The bundle is
// used unless it is older than lib/cli/main.js (someone ran tsc alone), so a stale bundle never
// runs; IMPRINT_NO_BUNDLE=1 forces lib/cli.
import { statSync } from "node:fs";

const lib = new URL("../lib/", import.meta.url);
const mtime = (path) => {
  try {
    return statSync(new URL(path, lib)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = mtime("bundle/imprint.cjs") >= mtime("cli/main.js") && process.env.IMPRINT_NO_BUNDLE !== "1";
const { main, shutdown } = bundled ? (await import("./code-cache.js")).loadCached({ file: new URL("bundle/imprint.cjs", lib) }) : await import("../lib/cli/main.js");

main(process.argv.slice(2)).then(
  async (code) => {
    process.exitCode = code;
    // Training (scripts/bundle.mjs): this file was compiled before the build turned V8's
    // optimiser off (src/optimiser.ts), so its cache is stamped with the flags of a fresh process.
    if (code === 0) globalThis.__imprintCodeCacheWrite?.({ v8Flags: "--opt" });
    await shutdown();
  },
  (error) => {
    console.error(`imprint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
