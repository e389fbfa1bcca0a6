/**
 * The one door to Chromium. Pages are served from an in-memory origin (`https://book.invalid/`)
 * through request interception: never `file://`, every other request aborted, JavaScript off, and
 * a navigation away from the book fails the render. Launch and every render are bounded in time;
 * the browser process never outlives `close()` (killed when a polite close hangs).
 *
 * Failures inside a session's methods are user-facing (a crashed or hung browser, a page that
 * navigates away): they reject with a `DiagnosticError` carrying render/browser-failed or
 * render/navigation, which renderers turn back into diagnostics.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { watchTreeMemory } from "./process-memory.js";
import { join } from "node:path";
import puppeteer, { type Browser, type HTTPRequest, type Page, type PDFOptions } from "puppeteer";
import { diag, DiagnosticError, type Diagnostic } from "../diagnostics.js";

export interface ServedFile {
  bytes: Uint8Array;
  mediaType: string;
}
/** `files` keys are paths relative to the document ("fonts/a.woff2", "images/b.png"). */
export interface PageInput {
  html: string;
  files: Map<string, ServedFile>;
}
export interface ScreenshotInput extends PageInput {
  width: number;
  height: number;
  deviceScaleFactor?: number;
  fullPage?: boolean;
}
export interface BrowserSession {
  readonly executablePath: string;
  /** The browser's process id (tests use it to prove nothing outlives close()). */
  readonly pid: number | undefined;
  pdf(input: PageInput & { options: Record<string, unknown> }): Promise<Uint8Array>;
  screenshot(input: ScreenshotInput): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const BOOK_ORIGIN = "https://book.invalid";
export const DOCUMENT_URL = `${BOOK_ORIGIN}/index.html`;

const SYSTEM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

// Without these Chromium stalls on first-run and network chores (probed on this machine).
const CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-gpu"];

/**
 * PUPPETEER_EXECUTABLE_PATH, then puppeteer's own cache, then the usual system paths. A path set
 * in the environment that does not exist is a mistake to report (`missing`), never a reason to
 * quietly build with some other browser.
 */
export function findBrowser({ env, systemPaths = SYSTEM_PATHS }: { env: NodeJS.ProcessEnv; systemPaths?: readonly string[] }): { path?: string; tried: string[]; missing?: string } {
  const tried: string[] = [];
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    tried.push(fromEnv);
    return existsSync(fromEnv) ? { path: fromEnv, tried } : { tried, missing: fromEnv };
  }
  let cached: string | undefined;
  try {
    cached = puppeteer.executablePath();
  } catch {
    // puppeteer throws when its cache holds no browser: downloads are off (.puppeteerrc.cjs).
  }
  if (cached && cached !== fromEnv) {
    tried.push(cached);
    if (existsSync(cached)) return { path: cached, tried };
  }
  for (const p of systemPaths) {
    tried.push(p);
    if (existsSync(p)) return { path: p, tried };
  }
  return { tried };
}

export interface OpenBrowserOptions {
  env?: NodeJS.ProcessEnv;
  /** How long the browser may take to start; default IMPRINT_BROWSER_TIMEOUT (seconds), else 30 s. */
  launchTimeoutMs?: number;
  renderTimeoutMs?: number;
  /** Where to look after the environment and puppeteer's cache (tests narrow it). */
  systemPaths?: readonly string[];
  /** Where profile folders go (default: the system's temp folder; tests use their own). */
  tempDir?: string;
  /** Memory cap for the browser's whole process tree, in MiB (default IMPRINT_BROWSER_MEMORY, else 3072). */
  memoryLimitMb?: number;
  /**
   * Leave Ctrl-C and SIGTERM to the caller (a long-running preview closes the browser itself, and
   * must not be cut short by puppeteer's own handler, which exits the process at once).
   */
  callerHandlesSignals?: boolean;
}

export const DEFAULT_BROWSER_MEMORY_MB = 3072;

export const DEFAULT_LAUNCH_TIMEOUT_MS = 30_000;
const PROFILE_PREFIX = "imprint-chromium-";
const PID_FILE = "imprint-owner.pid";
// A profile folder without an owner file comes from an imprint before owner files: only a day-old
// one is surely abandoned.
const UNOWNED_PROFILE_AGE_MS = 24 * 3600_000;

/** The launch timeout from IMPRINT_BROWSER_TIMEOUT (seconds), or an error naming the bad value. */
export function launchTimeoutFromEnv({ env }: { env: NodeJS.ProcessEnv }): { value: number; diagnostics: Diagnostic[] } {
  const raw = env.IMPRINT_BROWSER_TIMEOUT;
  if (raw === undefined || raw.trim() === "") return { value: DEFAULT_LAUNCH_TIMEOUT_MS, diagnostics: [] };
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    return {
      value: DEFAULT_LAUNCH_TIMEOUT_MS,
      diagnostics: [diag("render/browser-timeout", { message: `IMPRINT_BROWSER_TIMEOUT is "${raw}"; it must be a number of seconds above 0 and at most 3600 (default 30)` })],
    };
  }
  return { value: Math.round(seconds * 1000), diagnostics: [] };
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, it just belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes profile folders a killed build left behind: older than `olderThanMs` and whose owner
 * (the pid written into the folder at start) is no longer running. Best effort: never fails.
 */
export async function sweepStaleProfiles({ dir = tmpdir(), olderThanMs, now = Date.now() }: { dir?: string; olderThanMs: number; now?: number }): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.startsWith(PROFILE_PREFIX));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const folder = join(dir, name);
    try {
      const info = await stat(folder);
      if (!info.isDirectory()) continue;
      const age = now - info.mtimeMs;
      const owner = await readFile(join(folder, PID_FILE), "utf8").then((t) => Number(t.trim()), () => undefined);
      const stale = owner === undefined ? age > Math.max(olderThanMs, UNOWNED_PROFILE_AGE_MS) : age > olderThanMs && !alive(owner);
      if (!stale) continue;
      await rm(folder, { recursive: true, force: true, maxRetries: 2 });
      removed.push(folder);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

export async function openBrowser({ env = process.env, launchTimeoutMs, renderTimeoutMs = 60_000, systemPaths, tempDir = tmpdir(), memoryLimitMb, callerHandlesSignals = false }: OpenBrowserOptions): Promise<{
  value: BrowserSession | undefined;
  diagnostics: Diagnostic[];
}> {
  let timeoutMs = launchTimeoutMs;
  if (timeoutMs === undefined) {
    const fromEnv = launchTimeoutFromEnv({ env });
    if (fromEnv.diagnostics.length) return { value: undefined, diagnostics: fromEnv.diagnostics };
    timeoutMs = fromEnv.value;
  }
  await sweepStaleProfiles({ dir: tempDir, olderThanMs: timeoutMs });
  const found = systemPaths ? findBrowser({ env, systemPaths }) : findBrowser({ env });
  if (found.missing !== undefined) {
    return {
      value: undefined,
      diagnostics: [diag("render/browser-missing", {
        message: `PUPPETEER_EXECUTABLE_PATH is "${found.missing}", which does not exist; set it to a Chrome or Chromium executable, or unset it to use the system's`,
        file: found.missing,
      })],
    };
  }
  if (!found.path) {
    return {
      value: undefined,
      diagnostics: [diag("render/browser-missing", { message: `no Chrome or Chromium was found (looked at ${found.tried.join(", ")})` })],
    };
  }
  const executablePath = found.path;
  const userDataDir = await mkdtemp(join(tempDir, PROFILE_PREFIX));
  // The owner's pid lets the next start tell an abandoned profile from one in use.
  await writeFile(join(userDataDir, PID_FILE), `${process.pid}\n`);
  const args = [...CHROMIUM_ARGS];
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  const launched = await launchOnce({ executablePath, args, userDataDir, env, launchTimeoutMs: timeoutMs, renderTimeoutMs, callerHandlesSignals });
  if (!launched.browser) {
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    return { value: undefined, diagnostics: [failed(executablePath, launched.problem)] };
  }
  const browser = launched.browser;
  // The tab Chromium opens at start becomes the first pooled page (one target fewer to create).
  const blank = (await browser.pages().catch(() => []))[0];
  const memoryCapMb = memoryLimitMb ?? (Number(env.IMPRINT_BROWSER_MEMORY) > 0 ? Number(env.IMPRINT_BROWSER_MEMORY) : DEFAULT_BROWSER_MEMORY_MB);
  return { value: createSession({ browser, executablePath, userDataDir, renderTimeoutMs, memoryCapMb, ...(blank ? { blank } : {}) }), diagnostics: [] };
}

/**
 * One launch attempt, bounded by `launchTimeoutMs` whatever the browser does. puppeteer's own
 * `timeout` does not cover a pipe connection (a browser that never answers stalled the build for
 * two protocol timeouts, 121 s), so an abort signal kills the process group at the deadline and
 * a race makes sure the promise settles even if the abort goes unheard.
 */
async function launchOnce({ executablePath, args, userDataDir, env, launchTimeoutMs, renderTimeoutMs, callerHandlesSignals }: {
  executablePath: string; args: string[]; userDataDir: string; env: NodeJS.ProcessEnv; launchTimeoutMs: number; renderTimeoutMs: number; callerHandlesSignals: boolean;
}): Promise<{ browser: Browser; problem?: undefined } | { browser?: undefined; problem: string }> {
  const abort = new AbortController();
  const seconds = `${Math.round(launchTimeoutMs / 100) / 10} s`;
  const late = `did not start within ${seconds} (set IMPRINT_BROWSER_TIMEOUT to a number of seconds to wait longer)`;
  let settleTimer: NodeJS.Timeout | undefined;
  const launching = puppeteer.launch({
    executablePath,
    headless: true,
    args,
    userDataDir,
    pipe: true,
    timeout: launchTimeoutMs,
    protocolTimeout: renderTimeoutMs,
    env: { ...env },
    signal: abort.signal,
    ...(callerHandlesSignals ? { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false } : {}),
  });
  const killTimer = setTimeout(() => abort.abort(new Error(late)), launchTimeoutMs);
  const deadline = new Promise<"late">((resolve) => (settleTimer = setTimeout(() => resolve("late"), launchTimeoutMs + 2_000)));
  try {
    const outcome = await Promise.race([launching, deadline]);
    if (outcome === "late") {
      // Should the launch ever finish after all, its browser must not outlive us.
      void launching.then((b) => b.process()?.kill("SIGKILL"), () => undefined);
      return { problem: late };
    }
    return { browser: outcome };
  } catch (error) {
    return { problem: abort.signal.aborted ? late : `could not start: ${message(error)}` };
  } finally {
    clearTimeout(killTimer);
    clearTimeout(settleTimer);
  }
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

function failed(path: string, what: string): Diagnostic {
  return diag("render/browser-failed", { message: `the browser at ${path} ${what}`, file: path });
}

interface SessionParts {
  browser: Browser;
  executablePath: string;
  userDataDir: string;
  renderTimeoutMs: number;
  /** The process tree's memory cap, in MiB. */
  memoryCapMb: number;
  blank?: Page;
}

function createSession({ browser, executablePath, userDataDir, renderTimeoutMs, memoryCapMb, blank }: SessionParts): BrowserSession {
  let closed = false;
  let crashed: Diagnostic | undefined;
  browser.on("disconnected", () => {
    if (!closed) crashed ??= failed(executablePath, "exited or crashed during the render");
  });

  /**
   * Pages are reused between renders (a new page costs a target, a renderer and four round trips;
   * the print edition renders three times). Each pooled page keeps one request handler that
   * serves whatever input its current render set; a page whose render failed is closed instead.
   */
  interface Slot {
    page: Page;
    input?: PageInput;
    navigatedAway?: string;
  }
  const idle: Slot[] = [];

  let spare = blank;
  async function openSlot(): Promise<Slot> {
    const page = spare ?? (await browser.newPage());
    spare = undefined;
    const slot: Slot = { page };
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on("request", (request: HTTPRequest) => {
      const answer = slot.input ? serve({ request, input: slot.input, isMain: request.frame() === page.mainFrame() }) : {};
      if (answer.navigation) slot.navigatedAway ??= answer.navigation;
      if (answer.file) void request.respond({ status: 200, contentType: answer.file.mediaType, body: Buffer.from(answer.file.bytes) }).catch(() => undefined);
      else void request.abort("blockedbyclient").catch(() => undefined);
    });
    return slot;
  }

  /** Loads `input` on the book's origin in a page (pooled unless a viewport is asked for), runs `work`. */
  async function withPage<T>(input: PageInput, viewport: { width: number; height: number; deviceScaleFactor?: number } | undefined, work: (page: Page) => Promise<T>): Promise<T> {
    if (closed) throw new Error("browser session used after close()");
    if (crashed) throw new DiagnosticError([crashed]);
    let slot: Slot | undefined;
    let ok = false;
    let timer: NodeJS.Timeout | undefined;
    const run = async (): Promise<T> => {
      slot = (!viewport && idle.pop()) || (await openSlot());
      const s = slot;
      s.input = input;
      s.navigatedAway = undefined;
      if (viewport) await s.page.setViewport(viewport);
      await s.page.goto(DOCUMENT_URL, { waitUntil: "load", timeout: renderTimeoutMs });
      if (s.navigatedAway) throw navigation(s.navigatedAway);
      const result = await work(s.page);
      // A refresh or form that fired while we worked also counts.
      if (s.navigatedAway) throw navigation(s.navigatedAway);
      return result;
    };
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DiagnosticError([failed(executablePath, `did not finish rendering within ${renderTimeoutMs} ms`)])), renderTimeoutMs);
    });
    try {
      const result = await Promise.race([run(), deadline]);
      ok = true;
      return result;
    } catch (error) {
      if (error instanceof DiagnosticError) throw error;
      if (slot?.navigatedAway) throw navigation(slot.navigatedAway);
      throw new DiagnosticError([crashed ?? failed(executablePath, `failed to render: ${message(error)}`)]);
    } finally {
      clearTimeout(timer);
      if (slot) {
        slot.input = undefined;
        if (ok && !viewport && !crashed && !closed) idle.push(slot);
        else if (!crashed) await slot.page.close().catch(() => undefined);
      }
    }
  }

  // Chromium cannot be given an OS memory limit (its allocator reserves terabytes of address
  // space, so RLIMIT_AS and RLIMIT_DATA break it at start): its process tree is watched instead,
  // and killed when it grows past the cap (an image or SVG that gets past the input caps).
  const cap = memoryCapMb;
  const browserPid = browser.process()?.pid;
  const stopWatching = browserPid
    ? watchTreeMemory({
        pid: browserPid,
        limitMb: cap,
        onExceed: () => {
          crashed = diag("render/browser-memory", { message: `the browser grew past its ${cap} MB memory cap while rendering the book, and was stopped`, hint: "Look for a very large or very complex image; raise the cap with IMPRINT_BROWSER_MEMORY=MB if the book really needs it." });
          browser.process()?.kill("SIGKILL");
        },
      })
    : () => undefined;

  return {
    executablePath,
    pid: browserPid,
    async pdf({ options, ...input }) {
      const pdfOptions: PDFOptions = { ...(options as PDFOptions), timeout: renderTimeoutMs };
      return withPage(input, undefined, async (page) => new Uint8Array(await page.pdf(pdfOptions)));
    },
    async screenshot({ width, height, deviceScaleFactor = 1, fullPage = false, ...input }) {
      return withPage(input, { width, height, deviceScaleFactor }, async (page) => new Uint8Array(await page.screenshot({ type: "png", fullPage })));
    },
    async close() {
      if (closed) return;
      closed = true;
      stopWatching();
      const proc = browser.process();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([browser.close(), new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
      } catch {
        // A crashed browser cannot close politely; the kill below ends it.
      } finally {
        clearTimeout(timer);
        if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}

function navigation(url: string): DiagnosticError {
  return new DiagnosticError([diag("render/navigation", { message: `the page tried to navigate to ${url.slice(0, 200)}; a book never leaves itself` })]);
}

/** Decides one request: a file of the book, or an abort (noting a main-frame navigation away). */
function serve({ request, input, isMain }: { request: HTTPRequest; input: PageInput; isMain: boolean }): { file?: ServedFile; navigation?: string } {
  const url = request.url();
  const isNavigation = request.isNavigationRequest() && isMain;
  if (url === DOCUMENT_URL && request.method() === "GET") {
    return { file: { bytes: new TextEncoder().encode(input.html), mediaType: "text/html; charset=utf-8" } };
  }
  if (isNavigation) return { navigation: url };
  if (url.startsWith(BOOK_ORIGIN + "/") && request.method() === "GET") {
    let path: string;
    try {
      path = decodeURIComponent(new URL(url).pathname.slice(1));
    } catch {
      return {};
    }
    const file = input.files.get(path);
    if (file) return { file };
  }
  return {};
}
