// The whole command, as a user runs it: real pandoc and Chromium, in fresh processes.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = resolve("bin/imprint.js");
const MANUSCRIPT = resolve("manuscript");
const ENV = { ...process.env, SOURCE_DATE_EPOCH: "1722384000" };
const SLUG = "venezuela-logbook-of-a-new-victory";

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), "imprint-e2e-"));
  cpSync(MANUSCRIPT, join(root, "book"), { recursive: true });
  return root;
}

function imprint(args: string[], { cwd, env = ENV }: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("imprint build", () => {
  it("writes three editions and a report whose sizes and hashes match the files", async () => {
    const root = workspace();
    const r = await imprint(["build", "book", "--out", "out", "--check", "full"], { cwd: root });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(join(root, "out")).sort()).toEqual(["build-report.json", `${SLUG}.epub`, `${SLUG}.html`, `${SLUG}.pdf`]);
    const report = JSON.parse(readFileSync(join(root, "out", "build-report.json"), "utf8")) as { ok: boolean; editions: Array<{ format: string; path: string; bytes: number; sha256: string; ms: number }>; diagnostics: unknown[]; timings: Record<string, number> };
    expect(report.ok).toBe(true);
    expect(report.diagnostics).toEqual([]);
    expect(report.editions.map((e) => e.format).sort()).toEqual(["epub", "html", "pdf"]);
    for (const e of report.editions) {
      expect(e.path).toBe(`out/${SLUG}.${e.format}`);
      expect(e.bytes).toBe(readFileSync(join(root, e.path)).byteLength);
      expect(e.sha256).toBe(sha(join(root, e.path)));
      expect(e.ms).toBeGreaterThan(0);
    }
    expect(Object.keys(report.timings)).toEqual(expect.arrayContaining(["load", "convert", "render-html", "render-pdf", "render-epub", "check"]));
  });

  it("two builds into the same folder at once both succeed with the same bytes", async () => {
    const root = workspace();
    const [a, b] = await Promise.all([
      imprint(["build", "book", "--out", "out", "--formats", "html,epub", "--json"], { cwd: root }),
      imprint(["build", "book", "--out", "out", "--formats", "html,epub", "--json"], { cwd: root }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const hashes = (r: { stdout: string }) => (JSON.parse(r.stdout) as { editions: Array<{ sha256: string }> }).editions.map((e) => e.sha256);
    expect(hashes(a)).toEqual(hashes(b));
    expect(readdirSync(join(root, "out")).filter((f) => f.startsWith(".imprint-"))).toEqual([]);
  });

  it("uses a template or stylesheet the manuscript overrides", async () => {
    const root = workspace();
    mkdirSync(join(root, "book", "templates"));
    writeFileSync(join(root, "book", "templates", "web.css"), "/* house style: override-marker */\nbody { color: #123456; }\n");
    const r = await imprint(["build", "book", "--out", "out", "--formats", "html"], { cwd: root });
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, "out", `${SLUG}.html`), "utf8")).toContain("override-marker");
    const listed = spawnSync(process.execPath, [BIN, "templates", "--manuscript", "book"], { cwd: root, encoding: "utf8" });
    expect(listed.stdout).toContain("web.css  (overridden by book/templates/web.css)");
  });

  it("removes what a hostile manuscript slips in, says where, and never reads outside the folder", async () => {
    const root = workspace();
    writeFileSync(join(root, "secret.txt"), "TOP-SECRET-CONTENT");
    writeFileSync(
      join(root, "book", "02-hostile.md"),
      '# Hostile\n\nText <script>alert(1)</script> here.\n\n<span onclick="alert(2)">click</span>\n\n![Secret](../secret.txt)\n\n<iframe src="https://example.com/"></iframe>\n\n![Remote](https://example.com/track.png)\n',
    );
    const r = await imprint(["build", "book", "--out", "out", "--formats", "html,epub,pdf"], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^book\/02-hostile\.md:3(:\d+)?: warning: .*\[convert\/removed-script\]$/m);
    expect(r.stderr).toMatch(/^book\/02-hostile\.md:11(:\d+)?: warning: .*\[convert\/removed-url\]$/m);
    expect(r.stderr).toMatch(/\[convert\/removed-element\]/);
    // The editions, not the report (whose diagnostics quote what was removed).
    for (const f of readdirSync(join(root, "out")).filter((name) => name !== "build-report.json")) {
      const bytes = readFileSync(join(root, "out", f)).toString("latin1");
      expect(bytes, f).not.toContain("TOP-SECRET-CONTENT");
      expect(bytes, f).not.toContain("alert(");
      expect(bytes, f).not.toContain("example.com/track.png");
    }
  });

  it("fails a file pandoc is stuck on within the timeout, naming it, and writes nothing", async () => {
    const root = workspace();
    writeFileSync(join(root, "book", "03-stuck.md"), "[a.__b__]\n".repeat(20));
    const started = Date.now();
    const r = await imprint(["build", "book", "--out", "out", "--timeout", "2", "--pandoc", "native"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^book\/03-stuck\.md: error: .*2 s.*\[convert\/timeout\]$/m);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(existsSync(join(root, "out"))).toBe(false);
  });

  it("rejects a SOURCE_DATE_EPOCH that is not an integer", async () => {
    const root = workspace();
    const r = await imprint(["build", "book", "--out", "out", "--formats", "html"], { cwd: root, env: { ...process.env, SOURCE_DATE_EPOCH: "last tuesday" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("[meta/source-date-epoch]");
  });
});
