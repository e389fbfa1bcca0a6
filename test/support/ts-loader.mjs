/**
 * Lets a plain `node` child process run the repository's TypeScript sources, with no bundler:
 * `node --import ./test/support/ts-loader.mjs file.ts`. Node 20 cannot run TypeScript, so each
 * `.ts` file is transpiled on load with the declared `typescript` package (per file, no type
 * check: vitest and tsc do that), and the sources' `./x.js` specifiers are resolved to `./x.ts`
 * the way tsc's NodeNext resolution does. Files keep their own paths, so `import.meta.url` and
 * every relative path (built-in templates, fonts) resolve exactly as in the repository.
 */
import { register } from "node:module";

register("./ts-loader-hooks.mjs", import.meta.url);
