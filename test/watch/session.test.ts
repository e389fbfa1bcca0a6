/**
 * The warm rebuild loop under preview and `build --watch`: a session reuses pandoc's results and
 * the editions whose inputs did not change; a template change re-renders only the editions it
 * feeds; the watcher ignores the output folder and editors' scratch files; `build --watch` (the
 * real CLI, lib/) rebuilds on save and stops cleanly on SIGTERM.
 */
import { spawn } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { watchBuild } from "../../src/watch/index.js";
import { createWatchSession } from "../../src/watch/session.js";
import { isIgnored } from "../../src/watch/watcher.js";
import { templateFeeds } from "../../src/watch/render-cache.js";
import { BOOKS_DIR, ROOT } from "../helpers/books.js";
import { alive, descendants } from "../preview/processes.js";

const work = mkdtempSync(join(tmpdir(), "imprint-watch-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copyFixture(name: string): string {
  const dir = join(work, `${name}-${Math.random().toString(36).slice(2, 8)}`);
  cpSync(join(BOOKS_DIR, name), dir, { recursive: true });
  return dir;
}

describe("a warm session", () => {
  test("renders again only what changed", async () => {
    const dir = copyFixture("chapters");
    const session = createWatchSession({ build: { dir, out: join(dir, "..", "out-session"), formats: ["html", "epub"], checks: "none", env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } } });
    try {
      const rendered = (r: Awaited<ReturnType<typeof session.rebuild>>) => Object.keys(r[r.length - 1]!.report.timings).filter((k) => k.startsWith("render-")).sort();
      const first = await session.rebuild();
      expect(first[0]!.report.ok).toBe(true);
      expect(rendered(first)).toEqual(["render-epub", "render-html"]);
      // Nothing changed: nothing is converted or rendered again.
      expect(rendered(await session.rebuild())).toEqual([]);
      // The web edition's stylesheet feeds the HTML alone.
      mkdirSync(join(dir, "templates"), { recursive: true });
      writeFileSync(join(dir, "templates", "web.css"), "body { color: #123456; }\n");
      const afterCss = await session.rebuild();
      expect(afterCss[0]!.report.ok).toBe(true);
      expect(rendered(afterCss)).toEqual(["render-html"]);
      // A paragraph feeds both.
      const file = join(dir, "01-preface.md");
      writeFileSync(file, readFileSync(file, "utf8").replace("After the figure.", "After the figure, edited."));
      expect(rendered(await session.rebuild())).toEqual(["render-epub", "render-html"]);
    } finally {
      await session.close();
    }
  });

  test("a save during a running build whose watcher event never comes still leads to a build with the new content", async () => {
    // chokidar passes one change of a file per 50 ms: a save landing just after the build read
    // the file may never be told. The session's fingerprint of the folder catches it.
    const dir = copyFixture("article");
    const out = join(dir, "..", `out-${Math.random().toString(36).slice(2, 8)}`);
    const file = join(dir, "01-text.md");
    let saved = false;
    const session = createWatchSession({
      build: {
        dir,
        out,
        formats: ["html"],
        checks: "none",
        env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" },
        // The text was read (the book is rendered): the author saves now, and nobody calls rebuild().
        onStage: (stage) => {
          if (stage !== "write" || saved) return;
          saved = true;
          writeFileSync(file, readFileSync(file, "utf8") + "\nSaved while the build was running.\n");
        },
      },
    });
    try {
      const first = await session.rebuild();
      expect(first[0]!.report.ok).toBe(true);
      expect(saved).toBe(true);
      await session.settled();
      const html = readdirSync(out).find((f) => f.endsWith(".html"))!;
      expect(readFileSync(join(out, html), "utf8")).toContain("Saved while the build was running.");
    } finally {
      await session.close();
    }
  });

  test("saves during a build share the one build that follows it", async () => {
    const dir = copyFixture("article");
    let builds = 0;
    const session = createWatchSession({ build: { dir, out: join(dir, "..", `out-${Math.random().toString(36).slice(2, 8)}`), formats: ["html"], checks: "none", env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } }, onRebuild: () => builds++ });
    try {
      const running = session.rebuild();
      const a = session.rebuild();
      const b = session.rebuild();
      expect(await a).toBe(await b);
      expect(await running).not.toBe(await a);
      await session.settled();
      expect(builds).toBe(2);
    } finally {
      await session.close();
    }
  });

  test("a quick rebuild hands over the HTML, then the PDF, in memory before the full build writes all three", async () => {
    const dir = copyFixture("article");
    const out = join(dir, "..", `out-${Math.random().toString(36).slice(2, 8)}`);
    const seen: string[] = [];
    const session = createWatchSession({ build: { dir, out, checks: "none", env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } }, onRebuild: (r) => seen.push(`${r.phase}:${(r.early ?? r.report.editions).map((e) => e.format).join("+")}`) });
    try {
      await session.rebuild();
      const file = join(dir, "01-text.md");
      writeFileSync(file, readFileSync(file, "utf8") + "\nA quick paragraph.\n");
      const phases = await session.rebuild({ quickFirst: true });
      expect(seen).toEqual(["full:pdf+epub+html", "quick:html", "print:pdf", "full:pdf+epub+html"]);
      const quick = phases[0]!.early![0]!;
      expect(new TextDecoder().decode(quick.bytes)).toContain("A quick paragraph.");
      // The full build wrote the same HTML the quick phase showed, rendering only the EPUB itself.
      expect(phases[2]!.report.editions.find((e) => e.format === "html")!.sha256).toBe(quick.sha256);
      expect(Object.keys(phases[2]!.report.timings).filter((k) => k.startsWith("render-"))).toEqual(["render-epub"]);
      // A broken metadata.yaml fails at once, and nothing is handed over or written.
      const meta = join(dir, "metadata.yaml");
      writeFileSync(meta, readFileSync(meta, "utf8").replace(/^title: .*$/m, 'title: "unclosed'));
      const broken = await session.rebuild({ quickFirst: true });
      expect(broken.map((r) => [r.phase, r.report.ok])).toEqual([["full", false]]);
      expect(broken[0]!.report.diagnostics.some((d) => d.code === "meta/yaml" && d.file?.endsWith("metadata.yaml") && typeof d.line === "number")).toBe(true);
      expect(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith(".html"))!), "utf8")).toContain("A quick paragraph.");
    } finally {
      await session.close();
    }
  }, 120_000);

  test("a save while the quick editions are made skips the rest of that older build", async () => {
    const dir = copyFixture("article");
    const out = join(dir, "..", `out-${Math.random().toString(36).slice(2, 8)}`);
    const file = join(dir, "01-text.md");
    let saveAgain = false;
    let second: Promise<Awaited<ReturnType<typeof session.rebuild>>> | undefined;
    const session = createWatchSession({
      build: { dir, out, checks: "none", env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } },
      onRebuild: (r) => {
        if (!saveAgain || r.phase !== "quick") return;
        saveAgain = false;
        writeFileSync(file, readFileSync(file, "utf8") + "\nThe second save.\n");
        second = session.rebuild({ quickFirst: true });
      },
    });
    try {
      await session.rebuild();
      writeFileSync(file, readFileSync(file, "utf8") + "\nThe first save.\n");
      saveAgain = true;
      const first = await session.rebuild({ quickFirst: true });
      // The older text's PDF, EPUB and writing are skipped: the newer save's build does them.
      expect(first.map((r) => r.phase)).toEqual(["quick"]);
      const phases = await second!;
      expect(phases.map((r) => r.phase)).toEqual(["quick", "print", "full"]);
      expect(phases[2]!.report.ok).toBe(true);
      const html = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith(".html"))!), "utf8");
      expect(html).toContain("The second save.");
    } finally {
      await session.close();
    }
  }, 120_000);

  test("with the Chromium engine one browser stays open between builds and ends with the session", async () => {
    const dir = copyFixture("article");
    const session = createWatchSession({ build: { dir, out: join(dir, "..", `out-${Math.random().toString(36).slice(2, 8)}`), formats: ["html", "pdf"], pdfEngine: "chromium", checks: "none", env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } } });
    let pid: number | undefined;
    try {
      const first = await session.rebuild();
      expect(first.at(-1)!.report.ok).toBe(true);
      pid = session.browserPid;
      expect(pid).toBeTypeOf("number");
      const file = join(dir, "01-text.md");
      writeFileSync(file, readFileSync(file, "utf8") + "\nPrinted by the same browser.\n");
      const again = await session.rebuild({ quickFirst: true });
      expect(again.map((r) => r.phase)).toEqual(["quick", "print", "full"]);
      expect(session.browserPid).toBe(pid);
    } finally {
      await session.close();
    }
    expect(alive(pid!)).toBe(false);
  }, 120_000);

  test("templates feed the editions their names say", () => {
    expect(templateFeeds({ name: "web.css", format: "html" })).toBe(true);
    expect(templateFeeds({ name: "web.css", format: "pdf" })).toBe(false);
    expect(templateFeeds({ name: "print.css", format: "pdf" })).toBe(true);
    expect(templateFeeds({ name: "epub-cover-svg.liquid", format: "epub" })).toBe(true);
    expect(templateFeeds({ name: "epub.css", format: "html" })).toBe(false);
    for (const format of ["html", "pdf", "epub"] as const) expect(templateFeeds({ name: "section.liquid", format })).toBe(true);
  });

  test("the watcher ignores the output folder, hidden files and editors' scratch files", () => {
    const root = "/book";
    const outDirs = ["/book/dist"];
    expect(isIgnored({ path: "/book/01-text.md", root, outDirs })).toBe(false);
    expect(isIgnored({ path: "/book/templates/web.css", root, outDirs })).toBe(false);
    for (const path of ["/book/dist/x.html", "/book/.git/index", "/book/01-text.md~", "/book/.01-text.md.swp", "/book/#01-text.md#", "/book/node_modules/a/b.md"]) {
      expect({ path, ignored: isIgnored({ path, root, outDirs }) }).toEqual({ path, ignored: true });
    }
  });
});

describe("watching", () => {
  test("a save seen in two steps (truncated, then written 30 ms later) is built as written", async () => {
    // chokidar gives one event for the two steps (it drops a second change within 50 ms), and
    // the build it starts may have read the empty file: the watcher's second look catches it.
    const dir = copyFixture("article");
    const reports: Array<{ ok: boolean; codes: string[]; lines: Array<number | undefined> }> = [];
    const handle = await watchBuild({
      build: { dir, out: join(dir, "..", `out-${Math.random().toString(36).slice(2, 8)}`), formats: ["html"], checks: "none", env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } },
      onRebuild: (r) => reports.push({ ok: r.report.ok, codes: r.report.diagnostics.map((d) => d.code), lines: r.report.diagnostics.map((d) => d.line) }),
    });
    try {
      expect(reports.at(-1)?.ok).toBe(true);
      const meta = join(dir, "metadata.yaml");
      const broken = readFileSync(meta, "utf8").replace(/^title: .*$/m, 'title: "unclosed');
      const fd = openSync(meta, "w");
      await new Promise((r) => setTimeout(r, 30));
      writeSync(fd, broken);
      closeSync(fd);
      const started = Date.now();
      const shows = () => reports.length > 1 && reports.at(-1)!.codes.includes("meta/yaml") && reports.at(-1)!.lines.some((l) => typeof l === "number");
      while (!shows() && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 25));
      expect(reports.at(-1)).toMatchObject({ ok: false, codes: expect.arrayContaining(["meta/yaml"]) });
      expect(shows()).toBe(true);
    } finally {
      await handle.close();
    }
  }, 60_000);
});

describe("imprint build --watch", () => {
  test("rebuilds on save and stops cleanly on SIGTERM", async () => {
    const dir = copyFixture("article");
    const out = join(work, "watch-out");
    const child = spawn(process.execPath, [join(ROOT, "bin", "imprint.js"), "build", dir, "--watch", "--formats", "html", "--out", out], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const until = (predicate: () => boolean, what: string) =>
      new Promise<void>((res, rej) => {
        const started = Date.now();
        const t = setInterval(() => {
          if (predicate()) return clearInterval(t), res();
          if (child.exitCode !== null || Date.now() - started > 150_000) return clearInterval(t), rej(new Error(`${what}: ${stderr}`));
        }, 50);
      });
    await until(() => /watching/.test(stderr), "never started watching");
    const html = () => {
      const name = existsSync(out) ? (readFileSync(join(out, "build-report.json"), "utf8").match(/"path": "([^"]+\.html)"/)?.[1] ?? "") : "";
      return name ? readFileSync(join(out, name.split("/").pop()!), "utf8") : "";
    };
    expect(html()).not.toContain("A paragraph saved while watching");
    const md = readFileSync(join(dir, "01-text.md"), "utf8");
    writeFileSync(join(dir, "01-text.md"), md + "\nA paragraph saved while watching.\n");
    await until(() => html().includes("A paragraph saved while watching"), "the edit was not rebuilt");
    const kids = descendants(child.pid!);
    const exited = new Promise<number | null>((res) => child.once("exit", res));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(kids.filter(alive)).toEqual([]);
  });
});
