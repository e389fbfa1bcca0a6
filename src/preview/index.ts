/**
 * `imprint preview [DIR]`: builds the editions, serves them with a viewer on a loopback port, and
 * rebuilds on every save of the manuscript or its templates (a warm session: src/watch/). The
 * open page reloads the edition that changed where the reader was; a failed build shows its
 * diagnostics and keeps the last good editions (build() writes nothing when it fails).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, lstat, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { formatDiagnostic } from "../diagnostics.js";
import type { Format } from "../formats.js";
import { createWatchSession, type Rebuild, type SessionBuildOptions, type WatchSession } from "../watch/session.js";
import { watchManuscript, type ManuscriptWatcher } from "../watch/watcher.js";
import { startServer, type PreviewServer, type ServedAsset } from "./server.js";
import { VIEWER_CSP, VIEWER_CSS, VIEWER_JS, viewerHtml } from "./viewer.js";

export interface PreviewOptions {
  build: SessionBuildOptions;
  /** Interface to listen on (default 127.0.0.1: this machine only). */
  host?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** Told about each build and each save, for the terminal. */
  onRebuild?: (r: Rebuild) => void;
  onChange?: (paths: string[]) => void;
}

export interface PreviewHandle {
  url: string;
  /** Where the editions are written (a temporary folder unless `build.out` was given). */
  out: string;
  session: WatchSession;
  /** The first build's results. */
  first: Rebuild[];
  close(): Promise<void>;
}

export interface PublishedEdition {
  format: Format;
  name: string;
  url: string;
  sha256: string;
  version: string;
}

const MEDIA: Record<Format, string> = { html: "text/html; charset=utf-8", pdf: "application/pdf", epub: "application/epub+zip" };

function viewerAssets({ title }: { title: string }): Map<string, ServedAsset> {
  const require = createRequire(import.meta.url);
  const dist = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", file);
  const utf8 = (s: string) => new TextEncoder().encode(s);
  return new Map<string, ServedAsset>([
    ["/", { bytes: utf8(viewerHtml({ title })), mediaType: "text/html; charset=utf-8", headers: { "content-security-policy": VIEWER_CSP, "x-frame-options": "DENY" } }],
    ["/_viewer/viewer.js", { bytes: utf8(VIEWER_JS), mediaType: "text/javascript; charset=utf-8" }],
    ["/_viewer/viewer.css", { bytes: utf8(VIEWER_CSS), mediaType: "text/css; charset=utf-8" }],
    ["/_viewer/epub.min.js", { bytes: readFileSyncOnce(dist("epubjs", "epub.min.js")), mediaType: "text/javascript; charset=utf-8" }],
    ["/_viewer/jszip.min.js", { bytes: readFileSyncOnce(dist("jszip", "jszip.min.js")), mediaType: "text/javascript; charset=utf-8" }],
  ]);
}

const readFileSyncOnce = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** The committed editions, read back as regular files (a symlink put there is not followed). */
async function readEditions({ out, report }: { out: string; report: Rebuild["report"] }): Promise<Array<{ format: Format; name: string; sha256: string; bytes: Uint8Array }>> {
  const files = [];
  for (const e of report.editions) {
    // The viewer shows the three editions; a booklet is for printing, not previewing.
    if (e.format === "booklet") continue;
    const name = basename(e.path);
    const path = join(out, name);
    const info = await lstat(path);
    if (!info.isFile()) continue;
    files.push({ format: e.format, name, sha256: e.sha256, bytes: new Uint8Array(await readFile(path)) });
  }
  return files;
}

export async function preview(options: PreviewOptions): Promise<PreviewHandle> {
  const cwd = options.build.cwd ?? process.cwd();
  const ownOut = options.build.out === undefined;
  const out = ownOut ? await mkdtemp(join(tmpdir(), "imprint-preview-")) : resolve(cwd, options.build.out as string);
  const dir = resolve(cwd, options.build.dir ?? "manuscript");
  const served = new Map<string, ServedAsset>();
  const editions = new Map<Format, PublishedEdition>();
  let server: PreviewServer | undefined;
  const clock = () => new Date().toLocaleTimeString("en-GB", { hour12: false });

  const publish = async (r: Rebuild) => {
    const { report } = r;
    const diagnostics = report.diagnostics.map((d) => ({ severity: d.severity, code: d.code, text: formatDiagnostic(d) }));
    if (report.ok) {
      // The quick phases hand their editions over in memory; the full build's are read back from disk.
      for (const f of r.early ?? (await readEditions({ out, report }))) {
        served.set(f.name, { bytes: f.bytes, mediaType: MEDIA[f.format] });
        const old = editions.get(f.format);
        if (old && old.name !== f.name) served.delete(old.name);
        editions.set(f.format, { format: f.format, name: f.name, url: `/editions/${encodeURIComponent(f.name)}`, sha256: f.sha256, version: f.sha256 });
      }
      server?.setEditions(new Map(served));
    }
    server?.publish("build", { state: report.ok ? "ok" : "failed", phase: r.phase, at: clock(), ms: r.ms, editions: [...editions.values()], diagnostics });
  };

  // One publication after another, in the order the builds finished: a good build's editions
  // still being read back must not land after (and over) the failure that followed it.
  let published: Promise<void> = Promise.resolve();
  let latest: Rebuild | undefined;
  const session = createWatchSession({
    build: { ...options.build, out, cwd },
    onRebuild: (r) => {
      latest = r;
      published = published.then(() => publish(r)).catch(() => undefined);
      options.onRebuild?.(r);
    },
  });
  let watcher: ManuscriptWatcher | undefined;
  try {
    const first = await session.rebuild();
    await published;
    server = await startServer({ ...(options.host ? { host: options.host } : {}), ...(options.port !== undefined ? { port: options.port } : {}), assets: viewerAssets({ title: first[first.length - 1]?.report.slug ?? basename(dir) }) });
    server.setEditions(new Map(served));
    // The page's state is the latest build's, once there is a page to tell.
    published = published.then(() => (latest ? publish(latest) : undefined)).catch(() => undefined);
    await published;
    const srv = server;
    watcher = await watchManuscript({
      dir,
      outDirs: [out],
      onChange: (paths) => {
        options.onChange?.(paths);
        srv.publish("build", { state: "building", at: clock(), editions: [...editions.values()], diagnostics: [] });
        session.rebuild({ quickFirst: true }).catch((error: unknown) => {
          srv.publish("build", { state: "failed", phase: "full", at: clock(), ms: 0, editions: [...editions.values()], diagnostics: [{ severity: "error", code: "internal", text: `the rebuild stopped unexpectedly: ${(error as Error)?.message ?? String(error)}` }] });
        });
      },
    });
    await watcher.ready;
    return {
      url: srv.url,
      out,
      session,
      first,
      async close() {
        await watcher?.close();
        await session.close();
        await published;
        await srv.close();
        if (ownOut) await rm(out, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await watcher?.close();
    await session.close();
    await server?.close();
    if (ownOut) await rm(out, { recursive: true, force: true });
    throw error;
  }
}
