#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in lib/ (npm run compile), so start-up needs no loader.
import { main } from "../lib/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`imprint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
