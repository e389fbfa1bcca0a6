import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { launchTimeoutFromEnv, openBrowser, sweepStaleProfiles } from "../../src/render/browser.js";

const temp = (what: string) => mkdtempSync(join(tmpdir(), `imprint-${what}-`));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** A pid that surely belongs to no running process: a child that has already exited. */
const deadPid = () => spawnSync(process.execPath, ["-e", "0"]).pid!;

/** A "browser" that starts and then never answers: records its pid and arguments, then sleeps. */
function hangingBrowser(): { path: string; pidFile: string; argsFile: string } {
  const d = temp("fake-browser");
  const pidFile = join(d, "pid");
  const argsFile = join(d, "args");
  const path = join(d, "chrome");
  writeFileSync(path, `#!/bin/sh\necho "$@" > '${argsFile}'\necho $$ > '${pidFile}'\nexec sleep 300\n`);
  chmodSync(path, 0o755);
  return { path, pidFile, argsFile };
}

describe("browser faults", () => {
  it("refuses a PUPPETEER_EXECUTABLE_PATH that does not exist, naming it, instead of using another browser", async () => {
    const opened = await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome-137" }, tempDir: temp("profiles") });
    if (opened.value) await opened.value.close();
    expect(opened.value).toBeUndefined();
    expect(opened.diagnostics).toHaveLength(1);
    expect(opened.diagnostics[0]).toMatchObject({ code: "render/browser-missing", severity: "error", file: "/nonexistent/chrome-137" });
    expect(opened.diagnostics[0]!.message).toContain("/nonexistent/chrome-137");
  });

  it("gives up on a browser that hangs at start within the launch timeout, in one attempt, and kills it", { timeout: 20_000 }, async () => {
    const fake = hangingBrowser();
    const profiles = temp("profiles");
    const started = Date.now();
    const opened = await openBrowser({ env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: fake.path }, launchTimeoutMs: 1_500, tempDir: profiles });
    const elapsed = Date.now() - started;
    expect(opened.value).toBeUndefined();
    expect(opened.diagnostics).toHaveLength(1);
    expect(opened.diagnostics[0]).toMatchObject({ code: "render/browser-failed", file: fake.path });
    expect(opened.diagnostics[0]!.message).toMatch(/did not start within 1\.5 s/);
    expect(elapsed).toBeLessThan(6_000);
    // One attempt: the fake ran once, and it is gone; its profile folder too.
    const pid = Number(readFileSync(fake.pidFile, "utf8"));
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(false);
    expect(readdirSync(profiles)).toEqual([]);
  });

  it("takes the launch timeout from IMPRINT_BROWSER_TIMEOUT (seconds)", { timeout: 20_000 }, async () => {
    const fake = hangingBrowser();
    const started = Date.now();
    const opened = await openBrowser({ env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: fake.path, IMPRINT_BROWSER_TIMEOUT: "1" }, tempDir: temp("profiles") });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(opened.diagnostics[0]!.message).toMatch(/did not start within 1 s/);
  });

  it("refuses an IMPRINT_BROWSER_TIMEOUT that is not a number of seconds", async () => {
    for (const bad of ["abc", "0", "-5", "1e9"]) {
      const r = launchTimeoutFromEnv({ env: { IMPRINT_BROWSER_TIMEOUT: bad } });
      expect(r.diagnostics[0], bad).toMatchObject({ code: "render/browser-timeout" });
      expect(r.diagnostics[0]!.message).toContain(`"${bad}"`);
    }
    expect(launchTimeoutFromEnv({ env: {} })).toEqual({ value: 30_000, diagnostics: [] });
    expect(launchTimeoutFromEnv({ env: { IMPRINT_BROWSER_TIMEOUT: "2.5" } })).toEqual({ value: 2_500, diagnostics: [] });
    const opened = await openBrowser({ env: { IMPRINT_BROWSER_TIMEOUT: "soon", PUPPETEER_EXECUTABLE_PATH: "/bin/sh" }, tempDir: temp("profiles") });
    expect(opened.diagnostics[0]).toMatchObject({ code: "render/browser-timeout" });
  });

  it("writes its pid into the profile folder it starts the browser with", { timeout: 20_000 }, async () => {
    const fake = hangingBrowser();
    const profiles = temp("profiles");
    const opening = openBrowser({ env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: fake.path }, launchTimeoutMs: 3_000, tempDir: profiles });
    for (let i = 0; i < 50 && !existsSync(fake.argsFile); i++) await new Promise((r) => setTimeout(r, 50));
    const profile = /--user-data-dir=(\S+)/.exec(readFileSync(fake.argsFile, "utf8"))?.[1] ?? "";
    expect(profile.startsWith(join(profiles, "imprint-chromium-"))).toBe(true);
    expect(readdirSync(profile).find((n) => n.endsWith(".pid"))).toBeDefined();
    expect(readFileSync(join(profile, readdirSync(profile).find((n) => n.endsWith(".pid"))!), "utf8").trim()).toBe(String(process.pid));
    await opening;
  });

  it("removes stale profile folders of killed builds at the next start, and only those", async () => {
    const profiles = temp("profiles");
    const old = (Date.now() - 10 * 60_000) / 1000;
    const make = (name: string, owner: number | undefined, ageSeconds: number | undefined) => {
      const d = join(profiles, name);
      mkdirSync(join(d, "Default"), { recursive: true });
      writeFileSync(join(d, "Default", "Preferences"), "{}");
      if (owner !== undefined) writeFileSync(join(d, "imprint-owner.pid"), `${owner}\n`);
      if (ageSeconds !== undefined) utimesSync(d, ageSeconds, ageSeconds);
      return d;
    };
    make("imprint-chromium-killed", deadPid(), old);
    make("imprint-chromium-running", process.pid, old);
    make("imprint-chromium-just-started", deadPid(), undefined);
    make("imprint-chromium-unowned-recent", undefined, old);
    make("imprint-chromium-unowned-ancient", undefined, (Date.now() - 3 * 86_400_000) / 1000);
    make("someone-elses-folder", deadPid(), old);
    // Through openBrowser, as a real next build would (it stops at the missing browser).
    await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome" }, launchTimeoutMs: 30_000, tempDir: profiles });
    expect(readdirSync(profiles).sort()).toEqual(["imprint-chromium-just-started", "imprint-chromium-running", "imprint-chromium-unowned-recent", "someone-elses-folder"]);
    expect(await sweepStaleProfiles({ dir: profiles, olderThanMs: 30_000 })).toEqual([]);
  });
});

// Sanity: the fake browser really is a process that would hang (so the timeout test proves something).
it("the fake browser hangs when run directly", () => {
  const fake = hangingBrowser();
  expect(() => execFileSync(fake.path, [], { timeout: 500 })).toThrow();
});

describe("the browser's memory cap", () => {
  it("stops a browser whose processes grow past the cap, with render/browser-memory, and leaves nothing running", async () => {
    const opened = await openBrowser({ memoryLimitMb: 30, tempDir: temp("memcap") });
    const session = opened.value;
    if (!session) throw new Error(JSON.stringify(opened.diagnostics));
    const pid = session.pid!;
    // A page big enough that the tree surely passes 30 MB (Chromium alone is well above it).
    const html = `<!DOCTYPE html><html><body>${"<p>x</p>".repeat(20000)}</body></html>`;
    const error = await session.pdf({ html, files: new Map(), options: {} }).then(() => undefined, (e: unknown) => e as { diagnostics?: Array<{ code: string; message: string }> });
    await session.close();
    expect(error?.diagnostics?.[0]?.code).toBe("render/browser-memory");
    expect(error?.diagnostics?.[0]?.message).toMatch(/past its 30 MB memory cap/);
    expect(alive(pid)).toBe(false);
  });

  it("measures the tree the cap applies to: the browser and its children, shared pages counted once", async () => {
    const { treeMemoryKb } = await import("../../src/render/process-memory.js");
    const opened = await openBrowser({ tempDir: temp("memtree") });
    const session = opened.value!;
    try {
      const tree = treeMemoryKb(session.pid!) ?? 0;
      const self = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${session.pid}/smaps_rollup`, "utf8"))?.[1]);
      expect(tree).toBeGreaterThan(self);
      expect(tree / 1024).toBeLessThan(3072);
    } finally {
      await session.close();
    }
  });
});
