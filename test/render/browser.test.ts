import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiagnosticError } from "../../src/diagnostics.js";
import { findBrowser, openBrowser, type BrowserSession } from "../../src/render/browser.js";
import { BROWSER as CHROMIUM, NO_BROWSER } from "./test-browser.js";

const files = new Map<string, { bytes: Uint8Array; mediaType: string }>();
const html = (body: string, head = ""): string => `<!DOCTYPE html><html><head><meta charset="utf-8" />${head}</head><body>${body}</body></html>`;
const pdfText = (bytes: Uint8Array): string => execFileSync("pdftotext", ["-", "-"], { input: bytes }).toString();

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "none";
  } catch (error) {
    if (error instanceof DiagnosticError) return error.diagnostics.map((d) => d.code).join(",");
    throw error;
  }
}

function chromiumProcesses(dir: string): number {
  const out = execFileSync("ps", ["-eo", "args"]).toString();
  return out.split("\n").filter((l) => l.includes(dir)).length;
}
function profileOf(pid: number): string {
  const args = execFileSync("ps", ["-o", "args=", "-p", String(pid)]).toString();
  return /--user-data-dir=(\S+)/.exec(args)?.[1] ?? "none";
}

describe("findBrowser", () => {
  it("prefers PUPPETEER_EXECUTABLE_PATH, and never falls back when it names nothing", () => {
    expect(findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: "/bin/sh" } }).path).toBe("/bin/sh");
    const r = findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome" } });
    expect(r.tried).toEqual(["/nonexistent/chrome"]);
    expect(r.missing).toBe("/nonexistent/chrome");
    expect(r.path).toBeUndefined();
  });
  it.skipIf(NO_BROWSER)("falls back to system paths when PUPPETEER_EXECUTABLE_PATH is not set", () => {
    const chromium = CHROMIUM ?? "";
    expect(findBrowser({ env: {}, systemPaths: ["/nonexistent/a", chromium] }).path).toBe(chromium);
  });
  it("lists every place it looked when nothing exists", () => {
    const r = findBrowser({ env: {}, systemPaths: ["/nonexistent/a", "/nonexistent/b"] });
    expect(r.path).toBeUndefined();
    expect(r.tried.slice(-2)).toEqual(["/nonexistent/a", "/nonexistent/b"]);
  });
});

// Skipped only when the product would find no browser (findBrowser).
describe.skipIf(NO_BROWSER)("a session on real Chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    const opened = await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM }, renderTimeoutMs: 20_000 });
    expect(opened.diagnostics).toEqual([]);
    session = opened.value!;
  });
  afterAll(async () => session?.close());

  it("renders a PDF from the in-memory origin, with served files", async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>`;
    const f = new Map(files);
    f.set("images/a.svg", { bytes: new TextEncoder().encode(svg), mediaType: "image/svg+xml" });
    f.set("style.css", { bytes: new TextEncoder().encode("p::after{content:' served-css'}"), mediaType: "text/css" });
    const pdf = await session.pdf({ html: html(`<p>Hello book</p><img src="images/a.svg" alt="" />`, `<link rel="stylesheet" href="style.css" />`), files: f, options: { preferCSSPageSize: true } });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    expect(pdfText(pdf)).toContain("Hello book served-css");
  });

  it("never runs the page's JavaScript", async () => {
    const pdf = await session.pdf({ html: html(`<p id="x">static</p><script>document.getElementById('x').textContent='SCRIPTRAN'</script>`), files, options: {} });
    const text = pdfText(pdf);
    expect(text).toContain("static");
    expect(text).not.toContain("SCRIPTRAN");
  });

  it("aborts requests outside the book (no file://, no network)", async () => {
    const pdf = await session.pdf({
      html: html(`<p>x</p><img src="file:///etc/hostname" alt="" /><link rel="stylesheet" href="file:///etc/passwd" /><link rel="stylesheet" href="https://example.com/a.css" />`),
      files,
      options: {},
    });
    expect(pdfText(pdf)).toContain("x");
    // The document itself is never a file:// URL: a stylesheet with content from the real disk would show.
    const leak = await session.pdf({ html: html(`<iframe src="file:///etc/hostname"></iframe>`), files, options: {} });
    expect(pdfText(leak)).not.toContain(execFileSync("hostname").toString().trim() || "no-hostname");
  });

  it("fails with render/navigation when a meta refresh leaves the book", async () => {
    const code = await codeOf(session.pdf({ html: html(`<p>x</p>`, `<meta http-equiv="refresh" content="0;url=https://example.com/" />`), files, options: {} }));
    expect(code).toBe("render/navigation");
  });

  it("serves each render only its own files, also when a page is reused", async () => {
    const css = new Map([["style.css", { bytes: new TextEncoder().encode("p::after{content:' FROM-A'}"), mediaType: "text/css" }]]);
    const page = html(`<p>x</p>`, `<link rel="stylesheet" href="style.css" />`);
    expect(pdfText(await session.pdf({ html: page, files: css, options: {} }))).toContain("FROM-A");
    expect(pdfText(await session.pdf({ html: page, files, options: {} }))).not.toContain("FROM-A");
    // After a render that failed (navigation away), the next one still works.
    await codeOf(session.pdf({ html: html(`<p>x</p>`, `<meta http-equiv="refresh" content="0;url=https://example.com/" />`), files, options: {} }));
    expect(pdfText(await session.pdf({ html: html("<p>after</p>"), files, options: {} }))).toContain("after");
  });

  it("takes screenshots at the given size", async () => {
    const png = await session.screenshot({ html: html(`<p>shot</p>`), files, width: 200, height: 100 });
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe("PNG");
    expect(Buffer.from(png).readUInt32BE(16)).toBe(200);
    expect(Buffer.from(png).readUInt32BE(20)).toBe(100);
  });
});

// Skipped only when the product would find no browser (findBrowser).
describe.skipIf(NO_BROWSER)("failures are bounded", () => {
  it("a missing browser reports render/browser-missing with the install command", async () => {
    const r = await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome" }, systemPaths: ["/nonexistent/chromium"] });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]?.code).toBe("render/browser-missing");
    expect(r.diagnostics[0]?.message).toContain("/nonexistent/chrome");
    expect(r.diagnostics[0]?.hint).toContain("apt-get install");
  });

  it("a browser that does not start fails within the launch timeout, naming its path", async () => {
    const started = Date.now();
    const r = await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: "/bin/sleep" }, launchTimeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]?.code).toBe("render/browser-failed");
    expect(r.diagnostics[0]?.message).toContain("/bin/sleep");
  });

  it("a crash during a render fails with render/browser-failed and leaves no process", async () => {
    const { value: session } = await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM }, renderTimeoutMs: 10_000 });
    const pending = session!.pdf({ html: html(`<p>${"word ".repeat(20000)}</p>`), files, options: {} });
    const dir = profileOf(session!.pid!);
    process.kill(session!.pid!, "SIGKILL");
    expect(await codeOf(pending)).toBe("render/browser-failed");
    await session!.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(chromiumProcesses(dir)).toBe(0);
  });

  it("a hung browser fails within the render timeout and close() kills it", async () => {
    const { value: session } = await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM }, renderTimeoutMs: 2_000 });
    const pid = session!.pid!;
    const dir = profileOf(pid);
    expect(dir).toContain("imprint-chromium-");
    process.kill(pid, "SIGSTOP"); // frozen: answers nothing, exits never
    const started = Date.now();
    expect(await codeOf(session!.pdf({ html: html("<p>x</p>"), files, options: {} }))).toBe("render/browser-failed");
    expect(Date.now() - started).toBeLessThan(6_000);
    await session!.close();
    expect(Date.now() - started).toBeLessThan(15_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(chromiumProcesses(dir)).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });
});
