/** `imprint packet` on the command line: help, usage errors (exit 2), a failed packet (exit 1, nothing written). */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run.js";

describe("imprint packet", () => {
  it("has --help listing the contract's options", async () => {
    const { code, out } = await runCli(["packet", "--help"]);
    expect(code).toBe(0);
    for (const option of ["--out", "--formats", "--impose", "--signature", "--sheet", "--jobs"]) expect(out).toContain(option);
  });

  it("exits 2 on a bad option value, saying what is allowed", async () => {
    const sheet = await runCli(["packet", ".", "--sheet", "legal"]);
    expect(sheet.code).toBe(2);
    expect(sheet.err).toContain("letter, a4");
    const impose = await runCli(["packet", ".", "--impose", "quarto"]);
    expect(impose.code).toBe(2);
    expect((await runCli(["packet", ".", "--jobs", "0"])).code).toBe(2);
  });

  it("exits 1 with located diagnostics for a broken packet, and writes nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "imprint-cli-packet-"));
    try {
      await writeFile(join(dir, "packet.yaml"), 'title: "A packet"\nlanguage: en\nitems:\n  - ../nowhere\n');
      const out = join(dir, "dist");
      const { code, err } = await runCli(["packet", dir, "--out", out, "--formats", "html"]);
      expect(code).toBe(1);
      expect(err).toMatch(/packet\.yaml:4:5: error: items\.0: the item "\.\.\/nowhere" does not exist .*\[load\/packet-item\]/);
      expect(err).toContain(`nothing was written to ${out}/`);
      expect(existsSync(out)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
