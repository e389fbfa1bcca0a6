/**
 * Both pandoc backends, for real (no mocks): versions, output, warnings as data, failures,
 * binary input, timeouts that kill, and a missing pandoc that is a diagnostic, not a throw.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createPandoc, PandocError, type PandocBackend } from "../../src/convert/index.js";
import { bothBackends, HARD_INPUT } from "./helpers.js";


const docx = readFileSync(new URL("../fixtures/convert-docx/sample.docx", import.meta.url));

/** pandoc processes that are children of this test process. */
function childPandocs(): string[] {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" })
      .split("\n")
      .filter((l) => /pandoc/.test(l));
  } catch {
    return []; // ps exits 1 when there are no children
  }
}

const backends: Record<string, PandocBackend> = bothBackends();

describe.each(["native", "wasm"])("%s backend", (name) => {
  const backend = (): PandocBackend => {
    const b = backends[name];
    if (!b) throw new Error(`${name} backend did not start`);
    return b;
  };

  it("reports its version (≥ 2.17)", () => {
    expect(backend().name).toBe(name);
    expect(backend().version).toMatch(/^(2\.(1[7-9]|[2-9]\d)|[3-9])/);
  });

  it("converts and returns pandoc's warnings as data", async () => {
    const out = await backend().run({ input: "*hi*\n\n[^2]: unused\n", from: "markdown", to: "html5", args: ["--wrap=none"], sourceFile: "a.md", timeoutMs: 20_000 });
    expect(out.output.trim()).toBe("<p><em>hi</em></p>");
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/Note with key '2' defined at line 3 column 1 but not used/);
  });

  it("decodes UTF-8 once (multi-byte characters intact)", async () => {
    const text = "Pahóm, Samára — «ήλιος» 中文 🙂";
    const out = await backend().run({ input: text, from: "markdown", to: "html5", sourceFile: "a.md", timeoutMs: 20_000 });
    expect(out.output.trim()).toBe(`<p>${text}</p>`);
  });

  it("fails with kind 'failed' on an unknown format", async () => {
    const run = backend().run({ input: "x", from: "no-such-format", to: "html5", sourceFile: "a.md", timeoutMs: 20_000 });
    await expect(run).rejects.toBeInstanceOf(PandocError);
    await expect(run).rejects.toMatchObject({ kind: "failed", sourceFile: "a.md" });
  });

  it("reads binary input (docx)", async () => {
    const out = await backend().run({ input: "", inputBytes: docx, from: "docx", to: "markdown", sourceFile: "sample.docx", timeoutMs: 20_000 });
    expect(out.output).toContain("# Imported heading");
    expect(out.output).toContain("A paragraph with *italics* and a note.[^1]");
  });

  it("refuses options that run code or touch files (an internal bug, so it throws)", async () => {
    await expect(backend().run({ input: "x", from: "markdown", to: "html5", args: ["--lua-filter=x.lua"], sourceFile: "a.md", timeoutMs: 5000 })).rejects.toThrow(/not allowed/);
  });

  it("stops a conversion at its timeout, promptly, and leaves no process behind", async () => {
    const started = Date.now();
    const run = backend().run({ input: HARD_INPUT, from: "markdown", to: "html5", sourceFile: "hard.md", timeoutMs: 2000 });
    await expect(run).rejects.toMatchObject({ kind: "timeout", sourceFile: "hard.md" });
    await expect(run).rejects.toThrow(/hard\.md within 2 s/);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(childPandocs()).toEqual([]);
    // The backend is usable again (wasm: on a fresh worker).
    const out = await backend().run({ input: "after", from: "markdown", to: "html5", sourceFile: "a.md", timeoutMs: 30_000 });
    expect(out.output.trim()).toBe("<p>after</p>");
  });

  it("runs concurrent requests one at a time without mixing them up", async () => {
    const inputs = ["one", "two", "three", "four"];
    const outs = await Promise.all(inputs.map((input) => backend().run({ input, from: "markdown", to: "html5", sourceFile: `${input}.md`, timeoutMs: 30_000 })));
    expect(outs.map((o) => o.output.trim())).toEqual(inputs.map((i) => `<p>${i}</p>`));
  });
});

describe("createPandoc", () => {
  it("a missing native pandoc is a diagnostic, never a throw", async () => {
    const { value, diagnostics } = await createPandoc({ backend: "native", pandocPath: "/nonexistent/pandoc" });
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "convert/pandoc-missing", severity: "error" });
    expect(diagnostics[0]?.message).toContain("/nonexistent/pandoc");
  });

  it("a program that is not pandoc is refused", async () => {
    const { value, diagnostics } = await createPandoc({ backend: "native", pandocPath: "/bin/true" });
    expect(value).toBeUndefined();
    expect(diagnostics[0]?.code).toBe("convert/pandoc-missing");
  });

  it("auto takes native pandoc when it is on PATH", async () => {
    const { value, diagnostics } = await createPandoc({ backend: "auto" });
    expect(value?.name).toBe("native");
    expect(diagnostics).toEqual([]);
    await value?.close();
  });

  it("auto falls back to pandoc-wasm, saying so as info", async () => {
    const { value, diagnostics } = await createPandoc({ backend: "auto", pandocPath: "/nonexistent/pandoc" });
    try {
      expect(value?.name).toBe("wasm");
      expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([["convert/pandoc-missing", "info"]]);
    } finally {
      await value?.close();
    }
  });
});
