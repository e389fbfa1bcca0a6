/**
 * `imprint preview` end to end: the real CLI (lib/, `npm run compile` first) on a copy of a
 * fixture, the page opened in real Chromium (puppeteer). An edited paragraph appears on the page
 * at the same scroll position (swapped into the open page; a stylesheet change reloads it); a
 * broken metadata.yaml, saved once, shows its diagnostic while the last good
 * editions stay; the EPUB opens in epub.js; the server answers 404 to anything but the build's
 * outputs and the viewer's assets; Ctrl-C stops it leaving no process and no temporary folder.
 * Waits are on events (the page's state, the process's output), generous for a loaded machine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findBrowser } from "../../src/render/browser.js";
import { BOOKS_DIR, ROOT } from "../helpers/books.js";
import { alive, commandOf, descendants } from "./processes.js";

const BIN = join(ROOT, "bin", "imprint.js");
const chromium = findBrowser({ env: process.env }).path;
const WAIT = 150_000;

let work: string;
let book: string;
let out: string;
let child: ChildProcess;
let url = "";
let stderr = "";
let browser: Browser | undefined;
let page: Page;

let stdout = "";

/** Resolves when `predicate` holds for what the process printed on stdout so far. */
function waitForOutput(predicate: (all: string) => boolean, ms: number): Promise<void> {
  return new Promise((res, rej) => {
    const timer = setInterval(() => {
      if (predicate(stdout)) done(res);
      else if (child.exitCode !== null) done(() => rej(new Error(`the preview exited (${child.exitCode}):\n${stdout}\n${stderr}`)));
    }, 50);
    const deadline = setTimeout(() => done(() => rej(new Error(`timed out; the preview printed:\n${stdout}\n${stderr}`))), ms);
    const done = (then: () => void) => {
      clearInterval(timer);
      clearTimeout(deadline);
      then();
    };
  });
}

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((res, rej) => {
    const req = request({ hostname, port, path, headers, method: "GET" }, (r) => {
      let body = "";
      r.on("data", (d) => (body += d));
      r.on("end", () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on("error", rej);
    req.end();
  });
}

const htmlText = () => page.evaluate(() => (document.getElementById("html-frame") as HTMLIFrameElement).contentDocument?.body?.innerText ?? "");

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "imprint-preview-test-"));
  book = join(work, "book");
  out = join(work, "out");
  cpSync(join(BOOKS_DIR, "chapters"), book, { recursive: true });
  child = spawn(process.execPath, [BIN, "preview", book, "--out", out], { cwd: work, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } });
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  await waitForOutput((all) => /http:\/\/127\.0\.0\.1:\d+\//.test(all), WAIT);
  url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)?.[0] ?? "";
}, WAIT + 30_000);

afterAll(async () => {
  await browser?.close();
  if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

// Each step waits for a rebuild; on a loaded 2-core CI machine a rebuild of the Manifesto can take
// minutes, so the tests get more than the suite's default time (the waits inside are WAIT).
describe("imprint preview", { timeout: 2 * WAIT + 60_000 }, () => {
  test("serves the editions in tabs; an edit reloads the HTML where the reader was", async (ctx) => {
    if (!chromium) return ctx.skip("no Chromium to open the page");
    browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage();
    await page.setViewport({ width: 390, height: 500 });
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.state === "ok" && document.body.dataset.htmlVersion, { timeout: WAIT });
    expect(await htmlText()).toContain("published as the platform");
    // Phone width: the three tabs fit across the screen.
    for (const id of ["tab-html", "tab-pdf", "tab-epub"]) {
      const box = await (await page.$(`#${id}`))!.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }

    const y = await page.evaluate(() => {
      const w = (document.getElementById("html-frame") as HTMLIFrameElement).contentWindow!;
      w.scrollTo(0, 300);
      // A mark on the frame's window: it survives a swap of the text, not a reload.
      (w as unknown as { imprintMark?: number }).imprintMark = 1;
      return w.scrollY;
    });
    const mark = () => page.evaluate(() => ((document.getElementById("html-frame") as HTMLIFrameElement).contentWindow as unknown as { imprintMark?: number }).imprintMark ?? null);
    expect(y).toBeGreaterThan(100);
    const before = await page.evaluate(() => document.body.dataset.htmlVersion);
    const file = join(book, "01-preface.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("A second paragraph, with a **bold** word.", "A freshly edited paragraph, with a **bold** word."));
    await page.waitForFunction((v) => document.body.dataset.htmlVersion && document.body.dataset.htmlVersion !== v, { timeout: WAIT }, before);
    await page.waitForFunction(() => ((document.getElementById("html-frame") as HTMLIFrameElement).contentDocument?.body?.innerText ?? "").includes("freshly edited"), { timeout: WAIT });
    const after = await page.evaluate(() => (document.getElementById("html-frame") as HTMLIFrameElement).contentWindow!.scrollY);
    expect(Math.abs(after - y)).toBeLessThan(2);
    // Same styles: the new text was swapped into the open page (fonts not decoded again).
    expect(await mark()).toBe(1);

    // A changed stylesheet: the frame loads the new edition (not a swap of the text), still where the reader was.
    const styled = await page.evaluate(() => document.body.dataset.htmlVersion);
    mkdirSync(join(book, "templates"), { recursive: true });
    writeFileSync(join(book, "templates", "web.css"), "body { color: rgb(1, 2, 3); }\n");
    await page.waitForFunction((v) => document.body.dataset.htmlVersion && document.body.dataset.htmlVersion !== v, { timeout: WAIT }, styled);
    const frame = await page.evaluate(() => {
      const w = (document.getElementById("html-frame") as HTMLIFrameElement).contentWindow!;
      return { color: w.getComputedStyle(w.document.body).color, y: w.scrollY, text: w.document.body.innerText.includes("freshly edited") };
    });
    expect(frame.color).toBe("rgb(1, 2, 3)");
    expect(await mark()).toBe(null);
    expect(frame.text).toBe(true);
    expect(Math.abs(frame.y - y)).toBeLessThan(2);
  });

  test("the EPUB opens in epub.js, and the PDF is the browser's to show", async (ctx) => {
    if (!browser) return ctx.skip("no page open");
    await page.setViewport({ width: 1280, height: 800 });
    // The full build (PDF and EPUB) follows the quick HTML one: wait for it to settle.
    await page.waitForFunction(() => document.body.dataset.state === "ok" && document.getElementById("status")!.textContent!.startsWith("Built"), { timeout: WAIT });
    await page.click("#tab-epub");
    await page.waitForFunction(() => document.body.dataset.epubVersion, { timeout: WAIT });
    // The cover is first (an image); the reader's "next" goes on to the title page's text.
    const epubText = async () => page.evaluate(() => ((document.querySelector("#epub-view iframe") as HTMLIFrameElement | null)?.contentDocument?.body?.innerText ?? ""));
    for (let i = 0; i < 4 && !/Manifesto/.test(await epubText()); i++) {
      const where = await page.$eval("#epub-where", (e) => e.textContent);
      await page.click("#epub-next");
      await page.waitForFunction((w) => document.getElementById("epub-where")!.textContent !== w, { timeout: WAIT }, where);
      await page.waitForFunction(() => ((document.querySelector("#epub-view iframe") as HTMLIFrameElement | null)?.contentDocument?.body?.innerText ?? "").trim().length > 0, { timeout: WAIT });
    }
    expect(await epubText()).toMatch(/Communist Manifesto/);
    await page.click("#tab-pdf");
    await page.waitForFunction(() => document.body.dataset.pdfVersion, { timeout: WAIT });
    const pdfSrc = await page.$eval("#pdf-frame", (f) => (f as HTMLIFrameElement).getAttribute("src") ?? "");
    expect(pdfSrc).toMatch(/^\/editions\/communist-manifesto\.pdf\?v=[0-9a-f]+#page=1$/);
    const pdf = await fetch(new URL(pdfSrc.split("#")[0]!, url));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    await page.click("#tab-html");
  });

  test("a broken metadata.yaml shows its diagnostic on the page; the last editions stay", async (ctx) => {
    if (!browser) return ctx.skip("no page open");
    const meta = join(book, "metadata.yaml");
    const good = readFileSync(meta, "utf8");
    const broken = good.replace('title: "The Communist Manifesto"', 'title: "The Communist Manifesto');
    const showsDiagnostic = () => {
      const text = (document.getElementById("problem-list") as HTMLElement).innerText;
      return document.body.dataset.state === "failed" && !document.getElementById("problems")!.hidden && /metadata\.yaml:\d+/.test(text) ? text : false;
    };
    // One save. An editor's save may reach the watcher in two steps (truncated, then written) and
    // chokidar drops the second; the session's fingerprint of the folder builds again anyway.
    writeFileSync(meta, broken);
    const shown = await page.waitForFunction(showsDiagnostic, { timeout: WAIT });
    expect(await shown.jsonValue()).toMatch(/metadata\.yaml:\d+(:\d+)?: error: .*\[meta\//);
    expect(await htmlText()).toContain("freshly edited");
    const served = await fetch(new URL("/editions/communist-manifesto.html", url));
    expect(served.status).toBe(200);
    expect(await served.text()).toContain("freshly edited");
    // Mended, the page clears the problems.
    writeFileSync(meta, good);
    await page.waitForFunction(() => document.body.dataset.state === "ok" && document.getElementById("problems")!.hidden, { timeout: WAIT });
  });

  test("anything but the build's outputs and the viewer's assets is 404", async () => {
    symlinkSync("/etc/passwd", join(out, "passwd.html"));
    symlinkSync(join(book, "metadata.yaml"), join(out, "meta.html"));
    expect((await rawGet("/_viewer/epub.min.js")).status).toBe(200);
    expect((await rawGet("/editions/communist-manifesto.epub")).status).toBe(200);
    for (const path of [
      "/editions/../../../../etc/passwd",
      "/editions/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/editions/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
      "/_viewer/../../package.json",
      "/_viewer/%2e%2e/viewer.js",
      "/etc/passwd",
      "//etc/passwd",
      "/editions//etc/passwd",
      "/editions/passwd.html",
      "/editions/meta.html",
      "/editions/build-report.json",
      "/editions/" + encodeURIComponent(join(out, "communist-manifesto.html")),
      "/node_modules/epubjs/package.json",
      "/metadata.yaml",
    ]) {
      const r = await rawGet(path);
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
      expect(r.body).not.toContain("root:");
    }
    // Another site's page reaching this port by DNS rebinding names another host: refused.
    expect((await rawGet("/", { host: "attacker.example" })).status).toBe(403);
  });

  test("Ctrl-C stops it, leaving no typst worker, Chromium or pandoc behind and no temporary folder", async () => {
    const kids = descendants(child.pid!);
    // The default print engine (typst) keeps a warm worker between rebuilds.
    expect(kids.map(commandOf).some((c) => /typst/i.test(c))).toBe(true);
    const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    const survivors = kids.filter(alive).map((pid) => `${pid} ${commandOf(pid)}`);
    expect(survivors).toEqual([]);
    // --out was given, so the editions stay; the browser's profile folder does not.
    expect(existsSync(join(out, "communist-manifesto.html"))).toBe(true);
    expect(stderr).toContain("stopping");
  });
});
