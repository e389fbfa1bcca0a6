/**
 * Render threads (src/packet/threads.ts), which only the compiled code uses (lib/, `npm run
 * compile`): a packet whose items are all converted afresh renders their editions in worker
 * threads (here from one item on, IMPRINT_PACKET_THREADS=1), and every file it writes is byte for byte what the same build on the main thread
 * writes. Five fixture items: one with its own cover image, one in Spanish, one with two files.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PacketReport } from "../../src/packet/index.js";
import { FIXTURES } from "../helpers/books.js";
import { ENV } from "./helpers.js";

const bin = fileURLToPath(new URL("../../bin/imprint.js", import.meta.url));
const compiled = fileURLToPath(new URL("../../lib/packet/render-thread.js", import.meta.url));
const ITEMS = ["article", "chapters", "own-cover", "spanish", "untitled-two"];
let work: string;

async function build({ out, threads }: { out: string; threads: boolean }): Promise<PacketReport> {
  // Threads from one fresh item on (by default from twelve: below that they cost more than they save).
  const env: NodeJS.ProcessEnv = { ...ENV, IMPRINT_PACKET_THREADS: threads ? "1" : "0" };
  const { stdout } = await promisify(execFile)(process.execPath, [bin, "packet", join(work, "packet"), "--out", out, "--jobs", "2", "--json"], { env, timeout: 500_000, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as PacketReport;
}

const files = (r: PacketReport) => Object.fromEntries([...r.editions, ...r.items.flatMap((i) => i.editions), ...r.files].map((e) => [e.path.replace(/^.*?\/packet-of-five\//, ""), e.sha256]));

describe.skipIf(!existsSync(compiled))("render threads (compiled lib/; skipped when absent: run `npm run compile`)", () => {
  let threaded: PacketReport;
  let here: PacketReport;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "imprint-packet-threads-"));
    for (const name of ITEMS) await cp(join(FIXTURES, "books", name), join(work, "packet", name), { recursive: true });
    await writeFile(join(work, "packet", "packet.yaml"), `title: "Packet of five"\nlanguage: en\nitems:\n${ITEMS.map((i) => `  - ${i}\n`).join("")}`);
    threaded = await build({ out: join(work, "a"), threads: true });
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

  it("writes byte for byte what the main thread writes", async () => {
    expect(Object.keys(files(threaded)).length).toBeGreaterThan(20);
    expect(files(threaded)).toEqual(files(here));
    // What the report says is what is on disk.
    const own = threaded.items.find((i) => i.dir.endsWith("own-cover"));
    const epub = own?.editions.find((e) => e.format === "epub");
    expect((await readFile(join(work, "a", "packet-of-five", "items", `${own?.slug}.epub`))).byteLength).toBe(epub?.bytes);
  });
});
