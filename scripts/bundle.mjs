// Bundles the compiled CLI (lib/) with esbuild into lib/bundle/, then trains V8's code cache for it.
//
// Why one CommonJS file and a code cache: a build spends more time compiling and starting its own
// JavaScript than pandoc spends converting the seed. Node 20 can hand V8 a code cache only for a
// script it compiles itself (vm.Script's cachedData; ES modules cannot take one), so the CLI is
// one CommonJS bundle, lib/bundle/imprint.cjs, whose modules still start only when first imported
// (esbuild wraps each dynamically imported module in a lazy initialiser). bin/code-cache.js compiles
// it with lib/bundle/imprint.cjs.cache, written here after a training build of manuscript/: the
// cache then holds the bytecode of every function that build ran, not just the top level
// (a one-edition HTML build: ~0.47 s without, ~0.36 s with; see the README's Speed).
// Node 22's module.enableCompileCache would do this for ES modules, but Node 20 lacks it.
//
// Packages with native code, WebAssembly or data files stay outside (loaded from node_modules):
// language-tags reads 2.5 MB of registry JSON, which Node parses as JSON several times faster
// than the same data inlined as a JavaScript object literal.
// Paths built from import.meta.url keep their meaning: lib/bundle/ is as deep as lib/render/. The
// few that name a file of their own folder are rewritten (REWRITES), each checked to be found.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { languageSubtags } from "./language-subtags.mjs";
import { writeMathFont } from "./math-font.mjs";
import { writeBuiltInYaml } from "./built-in-yaml.mjs";
import { writeDateFormats } from "./date-formats.mjs";

// epubcheck-ts is bundled (its code is most of the check thread's start-up) but not its XML engine
// (WebAssembly) or css-tree (whose ES build finds its data files from import.meta.url).
const external = ["puppeteer", "puppeteer-core", "subset-font", "@resvg/resvg-js", "pandoc-wasm", "libxml2-wasm", "css-tree", "@daisy/ace-cli", "@myriaddreamin/typst-ts-node-compiler", "hyphen", "source-serif", "@fontsource/*", "epubjs", "chokidar", "fsevents", "language-tags"];

// Packages with an ES and a CommonJS build, imported both ways (our code imports htmlparser2,
// sanitize-html requires it): each was bundled twice, and both copies started in every build.
// Every import of them takes the CommonJS build, as require() does.
const DUAL = /^(htmlparser2|entities|domhandler|domutils|dom-serializer|domelementtype)(\/|$)/;

const isExternal = (spec) => external.some((e) => (e.endsWith("/*") ? spec.startsWith(e.slice(0, -1)) : spec === e || spec.startsWith(`${e}/`)));

/** Compiled file (relative to lib/) → [text, replacement] pairs for its bundled copy. */
const REWRITES = {
  "version.js": [['new URL("../package.json", import.meta.url)', 'new URL("../../package.json", import.meta.url)']],
  // Worker threads start from stubs (WORKERS) that compile their bundle file with its code cache.
  "check/fast-check.js": [['new URL("./fast-check-worker.js", import.meta.url)', 'new URL("./fast-check-worker.mjs", import.meta.url)']],
  "packet/render-thread.js": [["export const THREAD_MODULE = import.meta.url;", 'export const THREAD_MODULE = new URL("./render-thread.mjs", import.meta.url).href;']],
};

const LIB = resolve("lib") + sep;
const WORKERS = ["fast-check-worker", "render-thread"];

rmSync("lib/bundle", { recursive: true, force: true });
// The registry digest src/load/language-fast.ts reads (from lib/load/ and, as deep, lib/bundle/).
writeFileSync("lib/load/language-subtags.json", JSON.stringify(languageSubtags()));
// The math face as typst reads it (lib/fonts/, found by src/render/math-font.ts).
writeMathFont();
// The built-in labels.yaml and design.yaml, parsed (lib/render/, read by src/render/built-in-yaml.ts).
const builtInYaml = writeBuiltInYaml();
// Intl's long dates for the labelled languages (lib/render/, read by src/render/date-formats.ts).
writeDateFormats({ languages: Object.keys(builtInYaml["labels.yaml"].value) });
await build({
  entryPoints: { imprint: "lib/cli/main.js", "fast-check-worker": "lib/check/fast-check-worker.js", "render-thread": "lib/packet/render-thread.js" },
  outdir: "lib/bundle",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external,
  legalComments: "none",
  // Whitespace and syntax only (names stay, so stack traces still read): 4.44 -> 3.17 MB, which
  // every start reads and V8 scans for the functions the code cache lacks. HTML-only build
  // 0.93x wall, 0.90x CPU (farm-bench -n 24); three editions 1.00x.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  // CommonJS has no import.meta: each file's own address, as the ES modules had it.
  define: { "import.meta.url": "__imprintModuleUrl" },
  // A script compiled by vm has no import() of its own (Node 20's vm.constants loader is
  // experimental, warns, and is lost with a code cache), so bin/code-cache.js passes one in as
  // __imprintImportHost; a worker's entry file, loaded by Node itself, uses its own import().
  banner: { js: "const __imprintModuleUrl = require('node:url').pathToFileURL(__filename).href; const __imprintImport = typeof __imprintImportHost === 'function' ? __imprintImportHost : (s) => import(s);" },
  plugins: [
    {
      name: "rewrites",
      setup(b) {
        b.onResolve({ filter: DUAL }, (args) => (args.kind === "require-call" ? undefined : { path: createRequire(args.importer).resolve(args.path) }));
        b.onLoad({ filter: /\.[cm]?js$/ }, async (args) => {
          const rel = args.path.startsWith(LIB) ? args.path.slice(LIB.length).replace(/\\/g, "/") : undefined;
          const original = readFileSync(args.path, "utf8");
          let text = original.replace(/\bimport\((["'])([^"']+)\1\)/g, (call, q, spec) => (isExternal(spec) ? `__imprintImport(${q}${spec}${q})` : call));
          for (const [from, to] of (rel && REWRITES[rel]) || []) {
            if (!text.includes(from)) throw new Error(`bundle: ${rel} no longer contains ${from}; update REWRITES in scripts/bundle.mjs`);
            text = text.replace(from, to);
          }
          return text === original ? undefined : { contents: text, loader: "js" };
        });
      },
    },
  ],
});

for (const name of WORKERS) {
  writeFileSync(`lib/bundle/${name}.mjs`, `// A worker thread's entry (scripts/bundle.mjs): ${name}.cjs, compiled with its code cache.\nimport { loadCached } from "../../bin/code-cache.js";\nloadCached({ file: new URL("./${name}.cjs", import.meta.url) });\n`);
}

// Every import() of a package outside went through __imprintImport (a vm script has no other).
for (const name of ["imprint", ...WORKERS]) {
  const file = `lib/bundle/${name}.cjs`;
  const bundled = readFileSync(file, "utf8");
  const missed = [...bundled.matchAll(/\bimport\((["'])([^"']+)\1\)/g)].map((m) => m[2]).filter(isExternal);
  if (missed.length > 0) throw new Error(`bundle: import() of ${missed.join(", ")} left in lib/bundle/${name}.cjs`);
  // ASCII only, so bin/code-cache.js reads it as Latin-1: decoding 4.5 MB holding a few non-ASCII
  // characters as UTF-8 took 30-60 ms of every start (and made a two-byte string of it); Latin-1
  // takes 2-10 ms. esbuild leaves non-ASCII in regular expressions and comments; as \uXXXX
  // escapes (surrogates one by one) they mean the same in strings, regular expressions,
  // identifiers and the JavaScript sources kept in String.raw templates, and nothing in comments.
  const ascii = bundled.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (ascii !== bundled) writeFileSync(file, ascii);
}

// Training: build the repository's manuscript with every edition; bin/code-cache.js writes each
// thread's cache when IMPRINT_CODE_CACHE=write (the check thread's too). Without pandoc (or on
// any failure) there is simply no cache.
if (existsSync("manuscript/metadata.yaml") && process.env.IMPRINT_CODE_CACHE !== "off") {
  const out = mkdtempSync(join(tmpdir(), "imprint-train-"));
  try {
    const run = spawnSync(process.execPath, ["bin/imprint.js", "build", "manuscript", "--out", out, "--quiet"], { env: { ...process.env, IMPRINT_CODE_CACHE: "write" }, encoding: "utf8", timeout: 120_000 });
    if (run.status !== 0 || !existsSync("lib/bundle/imprint.cjs.cache")) {
      console.warn(`bundle: no code cache (the training build of manuscript/ failed: ${(run.stderr || run.stdout || `exit ${run.status}`).trim().split("\n").slice(-3).join(" ")}); imprint starts a little slower`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
