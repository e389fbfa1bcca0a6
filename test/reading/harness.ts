/**
 * The reading-system harness: an EPUB opened the way readers open it, in real Chromium.
 *
 * - **epub.js** (npm `epubjs` 0.3, its dist build with jszip) in a page served from an in-memory
 *   origin through request interception: the reader unzips the book itself, paginates it into
 *   its column frame and shows a spine item in an iframe, as apps built on it do.
 * - **Readium CSS** (npm `@readium/css`): a content document served as it is in the EPUB, with
 *   ReadiumCSS-before.css first in its head, ReadiumCSS-after.css last (and -default.css only
 *   for a book without styles of its own), paged view, the way Readium navigators inject them.
 *
 * Nothing reaches the network: every request the origin does not serve is aborted. Checks run
 * as functions inside the shown document (`view.inDocument`), so they read what a reader sees:
 * computed styles and geometry.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import JSZip from "jszip";
import puppeteer, { type Browser, type HTTPRequest, type Page } from "puppeteer";
import { findBrowser } from "../../src/render/browser.js";

export interface Viewport {
  name: "phone" | "tablet";
  width: number;
  height: number;
}
export const PHONE: Viewport = { name: "phone", width: 390, height: 844 };
export const TABLET: Viewport = { name: "tablet", width: 820, height: 1180 };
export const VIEWPORTS = [PHONE, TABLET] as const;

export type ReaderName = "epubjs" | "readium";
export const READERS: readonly ReaderName[] = ["epubjs", "readium"];

const ORIGIN = "https://reader.invalid";
const require = createRequire(import.meta.url);
const moduleFile = (spec: string): string => require.resolve(spec);
const READIUM_DIR = join(dirname(moduleFile("@readium/css/package.json")), "css", "dist");

const MEDIA: Record<string, string> = {
  xhtml: "application/xhtml+xml",
  html: "text/html",
  css: "text/css",
  js: "text/javascript",
  woff2: "font/woff2",
  otf: "font/otf",
  ttf: "font/ttf",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  opf: "application/oebps-package+xml",
  xml: "application/xml",
  ncx: "application/x-dtbncx+xml",
  epub: "application/epub+zip",
};

// The flags imprint starts Chromium with (src/render/browser.ts): without them it stalls on
// first-run and network chores.
const CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-gpu"];

/** A document shown by a reader: run checks in it, move in it, photograph it. */
export interface ReaderView {
  reader: ReaderName;
  viewport: Viewport;
  page: Page;
  /** Runs `fn(document, window, arg)` inside the shown content document and returns its result. */
  inDocument<A, R>(fn: (doc: Document, win: Window, arg: A) => R, arg: A): Promise<Awaited<R>>;
  /** Shows `href` (a path inside the EPUB's content folder, with an optional #fragment). */
  display(href: string): Promise<void>;
  /** Whether the element with this id is on the screen now (inside the visible page). */
  onScreen(id: string): Promise<boolean>;
  screenshot(): Promise<Uint8Array>;
}

export interface OpenedBook {
  /** Content-folder-relative paths of the spine, in order. */
  spine: string[];
  /** Zip path → bytes. */
  files: Map<string, Uint8Array>;
  /** The package document's folder in the zip ("EPUB"). */
  root: string;
}

export async function unzipBook(bytes: Uint8Array): Promise<OpenedBook> {
  const zip = await JSZip.loadAsync(bytes);
  const files = new Map<string, Uint8Array>();
  for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) files.set(name, await entry.async("uint8array"));
  const container = new TextDecoder().decode(files.get("META-INF/container.xml"));
  const opfPath = /full-path="([^"]+)"/.exec(container)?.[1] ?? "";
  const opf = new TextDecoder().decode(files.get(opfPath));
  const root = posix.dirname(opfPath);
  const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
  const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => hrefs.get(m[1]!) ?? "");
  return { spine, files, root };
}

function mediaType(path: string): string {
  return MEDIA[path.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

/** Serves `files` (URL path → bytes) at ORIGIN; everything else is aborted. */
async function serve(page: Page, files: Map<string, { bytes: Uint8Array | string; type: string }>): Promise<void> {
  await page.setRequestInterception(true);
  page.on("request", (request: HTTPRequest) => {
    const url = request.url();
    if (url.startsWith("blob:") || url.startsWith("data:")) return void request.continue();
    if (!url.startsWith(`${ORIGIN}/`)) return void request.abort("blockedbyclient");
    const path = decodeURIComponent(new URL(url).pathname);
    const file = files.get(path);
    if (!file) return void request.respond({ status: 404, contentType: "text/plain", body: `not served: ${path}` });
    void request.respond({ status: 200, contentType: file.type, body: typeof file.bytes === "string" ? file.bytes : Buffer.from(file.bytes) });
  });
}

// esbuild (vitest) may wrap functions with __name(); the page has none, so it gets a stand-in.
const NAME_SHIM = "window.__name = (f) => f;";

export class Readers {
  private constructor(readonly browser: Browser) {}

  /** Chromium as imprint finds it, or undefined (the caller skips) when there is none. */
  static async open(): Promise<Readers | undefined> {
    const found = findBrowser({ env: process.env });
    if (!found.path) return undefined;
    const args = [...CHROMIUM_ARGS];
    if (process.getuid?.() === 0) args.push("--no-sandbox");
    const browser = await puppeteer.launch({ executablePath: found.path, headless: true, args });
    return new Readers(browser);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** A fresh page at the viewport's size, as a phone or tablet shows it. */
  private async newPage({ viewport, dark }: { viewport: Viewport; dark: boolean }): Promise<Page> {
    const page = await this.browser.newPage();
    await page.setViewport({ width: viewport.width, height: viewport.height, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }]);
    await page.evaluateOnNewDocument(NAME_SHIM);
    return page;
  }

  /** The book in epub.js, paginated, showing `href` (default: the first spine item). */
  async epubjs({ epub, viewport, href, dark = false }: { epub: Uint8Array; viewport: Viewport; href?: string; dark?: boolean }): Promise<ReaderView> {
    const page = await this.newPage({ viewport, dark });
    const shell = `<!DOCTYPE html><html><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>
<style>html,body{margin:0;padding:0;height:100%;overflow:hidden;background:${dark ? "#111" : "#fff"}}#viewer{width:100vw;height:100vh}</style>
<script src="/jszip.min.js"></script><script src="/epub.min.js"></script></head><body><div id="viewer"></div></body></html>`;
    await serve(
      page,
      new Map([
        ["/index.html", { bytes: shell, type: "text/html" }],
        ["/jszip.min.js", { bytes: readFileSync(moduleFile("jszip/dist/jszip.min.js")), type: "text/javascript" }],
        ["/epub.min.js", { bytes: readFileSync(moduleFile("epubjs/dist/epub.min.js")), type: "text/javascript" }],
        ["/book.epub", { bytes: epub, type: "application/epub+zip" }],
      ]),
    );
    await page.goto(`${ORIGIN}/index.html`, { waitUntil: "load" });
    await page.evaluate(
      async ({ w, h, dark }) => {
        const w0 = window as unknown as Record<string, unknown> & { ePub: (url: string, o: object) => Record<string, unknown> };
        const book = w0.ePub("/book.epub", { openAs: "epub" }) as { renderTo: (el: string, o: object) => Record<string, unknown>; ready: Promise<void> };
        const rendition = book.renderTo("viewer", { width: w, height: h, flow: "paginated" }) as {
          themes: { default: (rules: object) => void };
        };
        // A night theme as epub.js apps apply it: colours on the body, over the book's.
        if (dark) rendition.themes.default({ body: { background: "#111 !important", color: "#ddd !important" }, a: { color: "#9cf !important" } });
        w0.book = book;
        w0.rendition = rendition;
        await book.ready;
      },
      { w: viewport.width, h: viewport.height, dark },
    );
    const view = epubjsView(page, viewport);
    await view.display(href ?? (await page.evaluate(() => (window as unknown as { book: { spine: { get: (i: number) => { href: string } } } }).book.spine.get(0).href)));
    return view;
  }

  /** The HTML edition as a browser opens it, at https://reader.invalid/book.html, scripts on. */
  async web({ html, viewport, dark = false, fragment }: { html: string; viewport: Viewport; dark?: boolean; fragment?: string }): Promise<Page> {
    const page = await this.newPage({ viewport, dark });
    await serve(page, new Map([["/book.html", { bytes: html, type: "text/html; charset=utf-8" }]]));
    await page.goto(`${ORIGIN}/book.html${fragment ? `#${fragment}` : ""}`, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page;
  }

  /** One content document with Readium CSS injected, paged, at the viewport's size. */
  async readium({ book, href, viewport, dark = false }: { book: OpenedBook; href: string; viewport: Viewport; dark?: boolean }): Promise<ReaderView> {
    const page = await this.newPage({ viewport, dark });
    const files = new Map<string, { bytes: Uint8Array | string; type: string }>();
    for (const [name, bytes] of book.files) files.set(`/${name}`, { bytes, type: mediaType(name) });
    for (const name of ["ReadiumCSS-before.css", "ReadiumCSS-default.css", "ReadiumCSS-after.css"]) {
      files.set(`/readium/${name}`, { bytes: readFileSync(join(READIUM_DIR, name)), type: "text/css" });
    }
    for (const path of book.spine) {
      const zipPath = posix.join(book.root, path);
      const source = new TextDecoder().decode(book.files.get(zipPath));
      files.set(`/${zipPath}`, { bytes: injectReadium({ xhtml: source, dark }), type: "application/xhtml+xml" });
    }
    await serve(page, files);
    const view = readiumView({ page, viewport, root: book.root });
    await view.display(href);
    return view;
  }
}

/** Readium CSS in a document: -before first in the head, -after last, user settings on :root. */
export function injectReadium({ xhtml, dark }: { xhtml: string; dark: boolean }): string {
  const hasStyles = /<link[^>]+rel="stylesheet"|<style/.test(xhtml);
  const link = (name: string): string => `<link rel="stylesheet" type="text/css" href="/readium/ReadiumCSS-${name}.css" />`;
  const settings = `--USER__view: readium-paged-on;${dark ? " --USER__appearance: readium-night-on;" : ""}`;
  return xhtml
    .replace(/<head>/, `<head>\n${link("before")}`)
    .replace(/<\/head>/, `${hasStyles ? "" : link("default")}${link("after")}\n</head>`)
    .replace(/<html /, `<html style="${settings}" `);
}

interface EpubjsWindow {
  rendition: {
    display: (href: string) => Promise<void>;
    getContents: () => Array<{ document: Document; window: Window }>;
    manager: { container: HTMLElement };
  };
}

function epubjsView(page: Page, viewport: Viewport): ReaderView {
  const view: ReaderView = {
    reader: "epubjs",
    viewport,
    page,
    async inDocument(fn, arg) {
      return page.evaluate(
        (src, a) => {
          const r = (window as unknown as EpubjsWindow).rendition;
          const c = r.getContents()[0];
          if (!c) throw new Error("epub.js shows no document");
          // eslint-disable-next-line no-new-func
          const f = new Function(`return (${src})`)() as (d: Document, w: Window, x: unknown) => unknown;
          return f(c.document, c.window, a);
        },
        fn.toString(),
        arg as never,
      ) as never;
    },
    async display(href) {
      await page.evaluate(async (h) => {
        await (window as unknown as EpubjsWindow).rendition.display(h);
      }, href);
      // Fonts and images settle the layout; epub.js re-paginates on resize of the content.
      await page.evaluate(async () => {
        const c = (window as unknown as EpubjsWindow).rendition.getContents()[0];
        await c?.document.fonts.ready;
        await new Promise((r) => setTimeout(r, 50));
      });
    },
    async onScreen(id) {
      return page.evaluate((target) => {
        const r = (window as unknown as EpubjsWindow).rendition;
        const c = r.getContents()[0];
        const el = c?.document.getElementById(target);
        if (!c || !el) return false;
        const frame = c.window.frameElement as HTMLElement;
        const box = el.getBoundingClientRect();
        const f = frame.getBoundingClientRect();
        // The element's place on the screen: the iframe's place plus its own, across columns.
        const left = f.left + box.left;
        const top = f.top + box.top;
        return left >= -1 && left < window.innerWidth - 1 && top >= -1 && top < window.innerHeight;
      }, id);
    },
    async screenshot() {
      return new Uint8Array(await page.screenshot({ type: "png" }));
    },
  };
  return view;
}

function readiumView({ page, viewport, root }: { page: Page; viewport: Viewport; root: string }): ReaderView {
  return {
    reader: "readium",
    viewport,
    page,
    async inDocument(fn, arg) {
      return page.evaluate(
        (src, a) => {
          // eslint-disable-next-line no-new-func
          const f = new Function(`return (${src})`)() as (d: Document, w: Window, x: unknown) => unknown;
          return f(document, window, a);
        },
        fn.toString(),
        arg as never,
      ) as never;
    },
    async display(href) {
      const [path, fragment] = href.split("#");
      const url = `${ORIGIN}/${posix.join(root, path ?? "")}`;
      if (page.url().split("#")[0] !== url) await page.goto(url, { waitUntil: "load" });
      await page.evaluate(async (id) => {
        await document.fonts.ready;
        // A paged Readium navigator turns to the column that holds the target.
        const el = id ? document.getElementById(id) : null;
        const se = document.scrollingElement as HTMLElement;
        if (el) {
          const x = el.getBoundingClientRect().left + se.scrollLeft;
          se.scrollLeft = Math.floor(x / window.innerWidth) * window.innerWidth;
        } else se.scrollLeft = 0;
      }, fragment ?? "");
    },
    async onScreen(id) {
      return page.evaluate((target) => {
        const el = document.getElementById(target);
        if (!el) return false;
        const box = el.getBoundingClientRect();
        return box.left >= -1 && box.left < window.innerWidth - 1 && box.top >= -1 && box.top < window.innerHeight;
      }, id);
    },
    async screenshot() {
      return new Uint8Array(await page.screenshot({ type: "png" }));
    },
  };
}
