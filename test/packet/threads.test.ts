/**
 * Render threads (src/packet/threads.ts), which only the compiled code uses (lib/, `npm run
 * compile`): a packet whose items are all converted afresh renders their editions in worker
 * threads (here from one item on, IMPRINT_PACKET_THREADS=1), and every file it writes is byte for byte what the same build on the main thread
 * writes. Five fixture items: one with its own cover image, one in Spanish, one with two files.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PacketReport } from "../../src/packet/index.js";
import { FIXTURES } from "../helpers/books.js";
import { ENV } from "./helpers.js";

const bin = fileURLToPath(new URL("../../bin/imprint.js", import.meta.url));
const compiled = fileURLToPath(new URL("../../lib/packet/render-thread.js", import.meta.url));
const ITEMS = ["article", "chapters", "own-cover", "spanish", "untitled-two"];
let work: string;

/** Processes (other than the CLI itself) still in the CLI's process group once it has exited. */
let leftBehind: string[] = [];

async function build({ out, threads }: { out: string; threads: boolean }): Promise<PacketReport> {
  // Threads from one fresh item on (by default from twelve: below that they cost more than they save).
  const env: NodeJS.ProcessEnv = { ...ENV, IMPRINT_PACKET_THREADS: threads ? "1" : "0" };
  // Its own process group, so whatever it starts (typst workers, pandoc, pdftotext) can be found after it exits.
  const child = spawn(process.execPath, [bin, "packet", join(work, "packet"), "--out", out, "--jobs", "2", "--json"], { env, detached: true, stdio: ["ignore", "pipe", "ignore"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 500_000);
  await new Promise<void>((resolve) => child.once("close", () => resolve()));
  clearTimeout(timer);
  const group = child.pid ?? -1;
  leftBehind = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so read after its ")".
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return Number(fields[2]) === group ? [`${pid} ${stat.slice(stat.indexOf("("), stat.lastIndexOf(")") + 1)}`] : [];
    } catch {
      return [];
    }
  });
  return JSON.parse(stdout) as PacketReport;
}

const files = (r: PacketReport) => Object.fromEntries([...r.editions, ...r.items.flatMap((i) => i.editions), ...r.files].map((e) => [e.path.replace(/^.*?\/packet-of-five\//, ""), e.sha256]));

describe.skipIf(!existsSync(compiled))("render threads (compiled lib/; skipped when absent: run `npm run compile`)", () => {
  let threaded: PacketReport;
  let here: PacketReport;
  let threadedLeftBehind: string[] = [];
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "imprint-packet-threads-"));
    for (const name of ITEMS) await cp(join(FIXTURES, "books", name), join(work, "packet", name), { recursive: true });
    await writeFile(join(work, "packet", "packet.yaml"), `title: "Packet of five"\nlanguage: en\nitems:\n${ITEMS.map((i) => `  - ${i}\n`).join("")}`);
    threaded = await build({ out: join(work, "a"), threads: true });
    threadedLeftBehind = leftBehind;
    here = await build({ out: join(work, "b"), threads: false });
  }, 600_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("renders the items' editions in threads, one per core asked for", () => {
    expect(threaded.diagnostics).toEqual([]);
    expect(threaded.ok).toBe(true);
    expect(threaded.renderThreads).toBe(2);
    expect(here.renderThreads).toBe(0);
    expect(threaded.items.map((i) => i.editions.map((e) => e.format).sort())).toEqual(ITEMS.map(() => ["epub", "html", "pdf"]));
  });

  it("leaves no process behind: the threads' typst workers exit before the CLI does", () => {
    expect(threadedLeftBehind).toEqual([]);
    expect(leftBehind).toEqual([]);
  });

  it("writes byte for byte what the main thread writes", async () => {
    expect(Object.keys(files(threaded)).length).toBeGreaterThan(20);
    expect(files(threaded)).toEqual(files(here));
    // What the report says is what is on disk.
    const own = threaded.items.find((i) => i.dir.endsWith("own-cover"));
    const epub = own?.editions.find((e) => e.format === "epub");
    expect((await readFile(join(work, "a", "packet-of-five", "items", `${own?.slug}.epub`))).byteLength).toBe(epub?.bytes);
  });
});
