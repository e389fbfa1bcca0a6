// A build killed mid-way (SIGKILL: no cleanup code runs) leaves the last good edition as it was and
// no browser behind: Chromium is tied to imprint by a pipe and exits when imprint dies.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function processesMentioning(text: string): string[] {
  const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return out.split("\n").filter((line) => line.includes(text) && !line.includes("ps -eo"));
}

it("a killed build damages nothing and leaves no browser running", async () => {
  const root = mkdtempSync(join(tmpdir(), "imprint-killed-"));
  const privateTmp = join(root, "tmp");
  mkdirSync(privateTmp);
  cpSync(resolve("manuscript"), join(root, "book"), { recursive: true });
  mkdirSync(join(root, "out"));
  const good = "last good edition";
  writeFileSync(join(root, "out", "venezuela-logbook-of-a-new-victory.pdf"), good);

  const child = spawn(process.execPath, [resolve("bin/imprint.js"), "build", "book", "--out", "out"], { cwd: root, env: { ...process.env, TMPDIR: privateTmp }, stdio: "ignore" });
  // Kill it once Chromium is up (its profile folder appears in our private TMPDIR).
  const deadline = Date.now() + 60_000;
  while (!readdirSync(privateTmp).some((f) => f.startsWith("imprint-chromium-")) && Date.now() < deadline) await sleep(20);
  await sleep(300);
  child.kill("SIGKILL");
  await new Promise((r) => child.on("close", r));

  for (let i = 0; i < 50 && processesMentioning(privateTmp).length > 0; i++) await sleep(100);
  expect(processesMentioning(privateTmp)).toEqual([]);
  expect(readFileSync(join(root, "out", "venezuela-logbook-of-a-new-victory.pdf"), "utf8")).toBe(good);
  expect(readdirSync(join(root, "out")).filter((f) => !f.startsWith(".imprint-"))).toEqual(["venezuela-logbook-of-a-new-victory.pdf"]);

  // The next build sweeps any temporary leftovers and writes whole editions.
  execFileSync(process.execPath, [resolve("bin/imprint.js"), "build", "book", "--out", "out", "--formats", "html"], { cwd: root });
  expect(readdirSync(join(root, "out")).filter((f) => f.startsWith(".imprint-") && f.endsWith(".tmp"))).toEqual([]);
  expect(existsSync(join(root, "out", "venezuela-logbook-of-a-new-victory.html"))).toBe(true);
}, 120_000);
