#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in lib/ (npm run compile), so start-up needs no
// loader. `npm run compile` also bundles it (scripts/bundle.mjs → lib/bundle/, ~25 % faster to
// start: no module resolution of hundreds of files); that bundle is used unless it is older than
// lib/cli/main.js (someone ran tsc alone), so a stale bundle never runs.
import { statSync } from "node:fs";

const lib = new URL("../lib/", import.meta.url);
const mtime = (path) => {
  try {
    return statSync(new URL(path, lib)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = mtime("bundle/imprint.js") >= mtime("cli/main.js") && process.env.IMPRINT_NO_BUNDLE !== "1";
const { main, shutdown } = await import(bundled ? "../lib/bundle/imprint.js" : "../lib/cli/main.js");

main(process.argv.slice(2)).then(
  async (code) => {
    process.exitCode = code;
    await shutdown();
  },
  (error) => {
    console.error(`imprint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
