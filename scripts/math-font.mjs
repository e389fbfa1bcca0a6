// STIX Two Math for typst (run by scripts/bundle.mjs at `npm run compile`): fontsource ships it
// as WOFF, which typst cannot read, so the WOFF's tables are unpacked once into the OpenType font
// they were made from (fonteditor-core's woff2ttf; byte for byte the original sfnt), written to
// lib/fonts/ where src/render/math-font.ts finds it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";

// The file name src/render/math-font.ts looks for (compiled to lib/ before the bundle step runs).
import { MATH_FONT_FILE } from "../lib/render/math-font.js";

const require = createRequire(import.meta.url);

export function writeMathFont({ dir = "lib/fonts" } = {}) {
  const woff2ttf = require("fonteditor-core/lib/ttf/woff2ttf").default;
  const woff = readFileSync(require.resolve("@fontsource/stix-two-math/files/stix-two-math-latin-400-normal.woff"));
  const ttf = woff2ttf(woff.buffer.slice(woff.byteOffset, woff.byteOffset + woff.byteLength), { inflate: (data) => inflateSync(Buffer.from(data)) });
  mkdirSync(dir, { recursive: true });
  const tmp = `${dir}/${MATH_FONT_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(ttf));
  renameSync(tmp, `${dir}/${MATH_FONT_FILE}`);
}
