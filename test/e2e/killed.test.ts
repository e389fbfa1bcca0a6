// A build killed mid-way (SIGKILL: no cleanup code runs) leaves the last good editions as they were
// and no browser behind: Chromium is tied to imprint by a pipe and exits when imprint dies.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const BIN = resolve("bin/imprint.js");
// Test-only preload that freezes the build halfway through its first output file (see the file).
const DIE_MID_WRITE = resolve("test/support/die-mid-write.mjs");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
const isOurTemp = (name: string): boolean => name.startsWith(".imprint-") && name.endsWith(".tmp");

function processesMentioning(text: string): string[] {
  const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return out.split("\n").filter((line) => line.includes(text) && !line.includes("ps -eo"));
}

/** Every file under its final name in `dir` (not dot-named: our temp files and the lock are). */
function editions(dir: string): Record<string, string> {
  const names = readdirSync(dir).filter((f) => !f.startsWith(".")).sort();
  return Object.fromEntries(names.map((f) => [f, sha256(join(dir, f))]));
}

function scratchBook(): { root: string; privateTmp: string } {
  const root = mkdtempSync(join(tmpdir(), "imprint-killed-"));
  const privateTmp = join(root, "tmp");
  mkdirSync(privateTmp);
  cpSync(resolve("manuscript"), join(root, "book"), { recursive: true });
  mkdirSync(join(root, "out"));
  return { root, privateTmp };
}

it("a build killed while Chromium runs leaves no browser running", async () => {
  const { root, privateTmp } = scratchBook();
  const child = spawn(process.execPath, [BIN, "build", "book", "--out", "out", "--pdf-engine", "chromium"], { cwd: root, env: { ...process.env, TMPDIR: privateTmp }, stdio: "ignore" });
  // Kill it once Chromium is up (its profile folder appears in our private TMPDIR).
  const deadline = Date.now() + 60_000;
  while (!readdirSync(privateTmp).some((f) => f.startsWith("imprint-chromium-")) && Date.now() < deadline) await sleep(20);
  expect(readdirSync(privateTmp).some((f) => f.startsWith("imprint-chromium-")), "Chromium never started").toBe(true);
  await sleep(300);
  child.kill("SIGKILL");
  await new Promise((r) => child.on("close", r));

  for (let i = 0; i < 50 && processesMentioning(privateTmp).length > 0; i++) await sleep(100);
  expect(processesMentioning(privateTmp)).toEqual([]);
}, 120_000);

it("a build killed while writing its editions leaves the previous editions byte for byte, and no half file under a final name", async () => {
  const { root, privateTmp } = scratchBook();
  const out = join(root, "out");
  // The previous editions: a whole build into the same folder.
  execFileSync(process.execPath, [BIN, "build", "book", "--out", "out", "--check", "none"], { cwd: root, env: { ...process.env, TMPDIR: privateTmp }, stdio: "ignore" });
  const before = editions(out);
  expect(Object.keys(before)).toEqual(expect.arrayContaining(["build-report.json", "venezuela-logbook-of-a-new-victory.epub", "venezuela-logbook-of-a-new-victory.html", "venezuela-logbook-of-a-new-victory.pdf"]));

  // A changed manuscript, so a finished overwrite would show as well as a half one.
  appendFileSync(join(root, "book", "01-text.md"), "\nOne more paragraph, added after the last good build.\n");
  const child = spawn(process.execPath, ["--import", DIE_MID_WRITE, BIN, "build", "book", "--out", "out", "--check", "none"], {
    cwd: root,
    env: { ...process.env, TMPDIR: privateTmp, IMPRINT_TEST_DIE_IN: out },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const midWrite = await new Promise<string | undefined>((done) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /imprint-test: mid-write (\S+)/.exec(stderr);
      if (m) done(m[1]);
    });
    child.on("close", () => done(undefined));
  });
  child.kill("SIGKILL");
  await new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.on("close", r) : r(undefined)));
  expect(midWrite, `the build never reached its write stage: ${stderr}`).toBeDefined();

  // Every previous edition is still there with the same bytes; nothing half-written took a final name.
  expect(editions(out)).toEqual(before);
  // The kill really came mid-file: the half-written file is one of our dot-named temp files.
  const temps = readdirSync(out).filter(isOurTemp);
  expect(temps).toEqual([midWrite]);
  expect(statSync(join(out, midWrite!)).size).toBeGreaterThan(0);

  // The next build sweeps the leftovers and writes whole editions. (The dead build's lock is made
  // older than proper-lockfile's 30 s staleness, as time would, so the build does not wait for it.)
  const lock = join(out, ".imprint-build.lock");
  if (existsSync(lock)) utimesSync(lock, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
  execFileSync(process.execPath, [BIN, "build", "book", "--out", "out", "--formats", "html"], { cwd: root, env: { ...process.env, TMPDIR: privateTmp } });
  expect(readdirSync(out).filter(isOurTemp)).toEqual([]);
  const after = editions(out);
  expect(after["venezuela-logbook-of-a-new-victory.html"]).not.toBe(before["venezuela-logbook-of-a-new-victory.html"]);
  expect(readFileSync(join(out, "venezuela-logbook-of-a-new-victory.html"), "utf8")).toContain("One more paragraph, added after the last good build.");
}, 180_000);
