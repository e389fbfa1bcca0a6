import { describe, expect, it } from "vitest";
import { runCli } from "./run.js";

const run = runCli;

describe("imprint CLI", () => {
  it("has --help on every command, exit 0", async () => {
    for (const command of [[], ["build"], ["import"], ["check"], ["templates"], ["cover"]]) {
      const r = await run([...command, "--help"]);
      expect(r.code, command.join(" ")).toBe(0);
      expect(r.out).toMatch(/Usage: imprint/);
    }
  });

  it("documents the exit codes in build's help", async () => {
    expect((await run(["build", "--help"])).out).toContain("Exit codes: 0 built, 1 bad input or failed build (nothing written), 2 usage error.");
  });

  it("exits 2 on usage errors and says what is allowed", async () => {
    const unknown = await run(["frobnicate"]);
    expect(unknown.code).toBe(2);
    const formats = await run(["build", "--formats", "epub,docx"]);
    expect(formats.code).toBe(2);
    expect(formats.err).toContain('unknown edition "docx"; use a comma-separated list of epub, pdf, html');
    const timeout = await run(["build", "--timeout", "soon"]);
    expect(timeout.code).toBe(2);
    expect((await run(["import"])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });

  it("exits 1 with a located message for a missing manuscript", async () => {
    const r = await run(["build", "no-such-folder", "--out", "/tmp/imprint-never-written"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^no-such-folder: error: manuscript folder "no-such-folder" does not exist/m);
  });

  it("prints a built-in template to start from", async () => {
    const listed = await run(["templates"]);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain("base.css");
    const missing = await run(["templates", "--print", "nope.liquid"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no template named "nope.liquid"');
  });

  it("--limit raises or lowers an SVG cap; a bad one is a usage error naming the caps", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = "test/diagnostics/convert/svg-too-complex/manuscript";
    const out = mkdtempSync(join(tmpdir(), "imprint-limit-"));
    expect((await run(["build", dir, "--out", out, "--formats", "html", "--quiet"])).code).toBe(0);
    const lowered = await run(["build", dir, "--out", out, "--formats", "html", "--limit", "max-svg-use-depth=2"]);
    expect(lowered.code).toBe(1);
    expect(lowered.err + lowered.out).toContain("[convert/svg-too-complex]");
    const bad = await run(["build", dir, "--limit", "max-pixels=3"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("max-svg-elements, max-svg-use-depth, max-svg-use-expansion");
  });
});

