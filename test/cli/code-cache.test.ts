/**
 * bin/imprint.js compiles the CLI bundle (lib/bundle/imprint.cjs) with the V8 code cache that
 * `npm run compile` trained (scripts/bundle.mjs). A fresh process must accept that cache (else
 * every command starts ~0.1 s slower), a cache made for another bundle must be ignored (V8 itself
 * checks only the source's length), the bundle's import() of packages outside it must work, and the
 * bundle is ASCII (bin/code-cache.js reads it as Latin-1) with its escapes meaning what they replaced.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bundle = join(root, "lib", "bundle", "imprint.cjs");
const run = promisify(execFile);

async function imprint({ home, args }: { home: string; args: string[] }): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(home, "bin", "imprint.js"), ...args], { env: { ...process.env, IMPRINT_CODE_CACHE: "check" }, timeout: 60_000 });
}

describe.skipIf(!existsSync(bundle))("the CLI bundle's code cache (skipped when lib/bundle is absent: run `npm run compile`)", () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  it("is ASCII, every bundle file, so bin/code-cache.js may read it as Latin-1 (what it holds of other scripts is escaped)", () => {
    for (const name of readdirSync(join(root, "lib", "bundle")).filter((f) => f.endsWith(".cjs"))) {
      const bytes = readFileSync(join(root, "lib", "bundle", name));
      expect(bytes.findIndex((b) => b > 0x7f), name).toBe(-1);
    }
  });

  it("means the same with those escapes: the bundle slugs a title of accents and curly apostrophes as the sources do", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imprint-ascii-"));
    copies.push(dir);
    writeFileSync(join(dir, "metadata.yaml"), "title: Aujourd’hui l‘été\nlanguage: fr\n");
    writeFileSync(join(dir, "01.md"), "# Un\n\nTexte.\n");
    await imprint({ home: root, args: ["build", dir, "--out", join(dir, "out"), "--formats", "html", "--check", "none", "--quiet"] });
    // The apostrophes go (a regular expression holding ’ and ‘), the accents fold.
    expect(readdirSync(join(dir, "out")).filter((f) => f.endsWith(".html"))).toEqual(["aujourdhui-lete.html"]);
  });

  it("is accepted by a fresh process", async () => {
    const { stdout, stderr } = await imprint({ home: root, args: ["--version"] });
    expect(stderr).toContain("imprint: code cache accepted");
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("is ignored once the bundle changes, and the CLI still runs (import() of a package outside included)", async () => {
    const home = mkdtempSync(join(tmpdir(), "imprint-code-cache-"));
    copies.push(home);
    for (const part of ["bin", "lib", "templates", "package.json"]) cpSync(join(root, part), join(home, part), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(home, "node_modules"));
    const copied = join(home, "lib", "bundle", "imprint.cjs");
    // A copy gets new mtimes; the bundle and lib/cli (which bin/imprint.js compares) get the originals'.
    for (const file of ["lib/bundle/imprint.cjs", "lib/cli/main.js"]) {
      // In seconds, not Dates: a Date rounds the sub-millisecond part, and the key keeps whole milliseconds.
      const { atimeMs, mtimeMs } = statSync(join(root, file));
      utimesSync(join(home, file), atimeMs / 1000, mtimeMs / 1000);
    }
    expect((await imprint({ home, args: ["--version"] })).stderr).toContain("code cache accepted");
    // Same bytes, same length, another mtime: a rebuilt bundle of equal length, as V8 would not notice.
    const later = new Date(Date.now() + 60_000);
    utimesSync(copied, later, later);
    const { stderr } = await imprint({ home, args: ["--version"] });
    expect(stderr).toContain("code cache absent");
    // `imprint check` of an EPUB loads @likecoin/epubcheck-ts with import() from inside the bundle.
    const out = mkdtempSync(join(tmpdir(), "imprint-code-cache-out-"));
    copies.push(out);
    await imprint({ home, args: ["build", join(root, "manuscript"), "--out", out, "--formats", "epub", "--quiet"] });
    const checked = await imprint({ home, args: ["check", join(out, "venezuela-logbook-of-a-new-victory.epub")] });
    expect(checked.stdout).toContain("0 errors, 0 warnings");
  }, 120_000);
});
