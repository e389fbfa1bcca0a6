/**
 * bin/imprint, the command npm links: it runs bin/imprint.js without NODE_EXTRA_CA_CERTS (Node 20
 * parses that file before any JavaScript runs, ~85 ms of every start on a machine that sets it)
 * and finds bin/imprint.js through the links npm and `npm link` make.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const launcher = join(root, "bin", "imprint");
const run = promisify(execFile);
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
// Node warns on stderr when the file cannot be read: the sign that it tried to.
const CERTS_READ = /Ignoring extra certs from/;
const env = { ...process.env, NODE_EXTRA_CA_CERTS: "/nonexistent/imprint-test-ca.pem" };

describe("bin/imprint", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("is what package.json names as the command", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(pkg.bin.imprint).toBe("bin/imprint");
  });

  it("starts Node without NODE_EXTRA_CA_CERTS, which bin/imprint.js alone would read", async () => {
    const direct = await run(process.execPath, [join(root, "bin", "imprint.js"), "--version"], { env });
    expect(direct.stderr).toMatch(CERTS_READ);
    const launched = await run(launcher, ["--version"], { env });
    expect(launched.stdout.trim()).toBe(version);
    expect(launched.stderr).not.toMatch(CERTS_READ);
  });

  it("runs through a chain of links, relative and absolute, as npm and `npm link` make them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imprint-launcher-"));
    dirs.push(dir);
    mkdirSync(join(dir, ".bin"));
    symlinkSync(launcher, join(dir, "absolute"));
    symlinkSync("../absolute", join(dir, ".bin", "imprint"));
    const linked = await run(join(dir, ".bin", "imprint"), ["--version"], { env, cwd: tmpdir() });
    expect(linked.stdout.trim()).toBe(version);
    // Started by name from its own folder (no slash in $0).
    const byName = await run("sh", ["imprint", "--version"], { env, cwd: join(root, "bin") });
    expect(byName.stdout.trim()).toBe(version);
  });

  it("passes every argument through as given, spaces and all", async () => {
    const failed = await run(launcher, ["build", "/nonexistent/a folder with spaces"], { env }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("/nonexistent/a folder with spaces");
  });
});
