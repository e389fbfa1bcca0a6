/**
 * The compiled code (lib/, made by `npm run compile`, which `npm test` runs first) must find
 * pandoc-wasm and run its worker exactly as the vitest-run sources do: a fresh Node process
 * imports lib/convert/index.js, the way bin/imprint.js will.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const compiled = fileURLToPath(new URL("../../lib/convert/index.js", import.meta.url));

const script = `
const { createPandoc, convertMarkdown } = await import(process.argv[1]);
const out = {};
for (const backend of ["wasm", "native"]) {
  const { value, diagnostics } = await createPandoc({ backend });
  if (!value) { out[backend] = diagnostics; continue; }
  const r = await convertMarkdown({ pandoc: value, request: { markdown: "# Hi\\n\\nText.[^1]\\n\\n[^1]: Note.\\n", sourceFile: "a.md", idPrefix: "s1-", timeoutMs: 60000 } });
  await value.close();
  out[backend] = { name: value.name, html: r.fragment?.blocks.map((b) => b.html).join("\\n"), notes: r.fragment?.notes.length, diagnostics: r.diagnostics };
}
console.log(JSON.stringify(out));
`;

describe.skipIf(!existsSync(compiled))("compiled lib/ (skipped when lib/ is absent: run `npm run compile`)", () => {
  it("runs both backends from lib/convert/index.js in a plain node process", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script, compiled], { timeout: 120_000 });
    const out = JSON.parse(stdout) as Record<string, { name: string; html: string; notes: number; diagnostics: unknown[] }>;
    const expected = '<h1 id="s1-hi">Hi</h1>\n<p id="s1-b2">Text.<a class="noteref" id="ref-s1-note-1" href="#s1-note-1" role="doc-noteref">1</a></p>';
    for (const backend of ["wasm", "native"]) {
      expect(out[backend]).toEqual({ name: backend, html: expected, notes: 1, diagnostics: [] });
    }
  });
});
