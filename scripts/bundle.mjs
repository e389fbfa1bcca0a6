// Bundles the compiled CLI (lib/) with esbuild into lib/bundle/, split at every dynamic import so
// a command still loads only what it needs; bin/imprint.js loads it when present (else lib/cli).
// Packages with native code, WebAssembly or data files stay outside (loaded from node_modules):
// language-tags reads 2.5 MB of registry JSON, which Node parses as JSON several times faster
// than the same data inlined as a JavaScript object literal.
// Paths built from import.meta.url keep their meaning: lib/bundle/ is as deep as lib/render/, and
// the one path that is not (version.js's ../package.json) is rewritten.
import { build } from "esbuild";
import { rmSync } from "node:fs";

const external = ["puppeteer", "puppeteer-core", "@resvg/resvg-js", "pandoc-wasm", "@likecoin/epubcheck-ts", "@daisy/ace-cli", "@myriaddreamin/typst-ts-node-compiler", "hyphen", "source-serif", "@fontsource/*", "epubjs", "chokidar", "fsevents", "language-tags"];

rmSync("lib/bundle", { recursive: true, force: true });
await build({
  // Worker threads are their own entry points, beside the chunks that start them (new URL("./…", import.meta.url)).
  entryPoints: { imprint: "lib/cli/main.js", "fast-check-worker": "lib/check/fast-check-worker.js" },
  outdir: "lib/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  legalComments: "none",
  logLevel: "warning",
  chunkNames: "chunk-[hash]",
  // CommonJS packages inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __imprintRequire } from 'node:module'; const require = __imprintRequire(import.meta.url);" },
  plugins: [
    {
      name: "package-json-path",
      setup(b) {
        b.onLoad({ filter: /lib[/\\]version\.js$/ }, async (args) => {
          const { readFile } = await import("node:fs/promises");
          const text = await readFile(args.path, "utf8");
          return { contents: text.replace('new URL("../package.json", import.meta.url)', 'new URL("../../package.json", import.meta.url)'), loader: "js" };
        });
      },
    },
  ],
});
