/**
 * Typst workers are kept warm between renders in one process (a packet's items, preview
 * rebuilds): the second book reuses the first one's worker and gives the bytes a fresh worker
 * gives; a worker killed at the time limit is replaced; an idle worker never keeps Node alive.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBook } from "../../../../src/load-book.js";
import { closeTypstWorkers, openTypst, typstWorkersStarted } from "../../../../src/render/print/typst/compiler.js";
import { renderTypst } from "../../../../src/render/print/typst/index.js";
import { ROOT, SEED_DIR, TOLSTOY_DIR } from "../../../helpers/books.js";

async function load(dir: string) {
  const loaded = await loadBook({ dir, cwd: ROOT, env: { SOURCE_DATE_EPOCH: "1722384000" } as NodeJS.ProcessEnv });
  if (!loaded.value) throw new Error(loaded.diagnostics.map((d) => d.message).join("; "));
  return loaded.value;
}

const pdfOf = async (dir: string): Promise<Uint8Array> => {
  const { book, templates } = await load(dir);
  const r = await renderTypst({ book, templates });
  const pdf = r.artifacts[0]?.bytes;
  if (!pdf) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return pdf;
};

describe("typst workers", () => {
  it("reuse one warm worker across books, with the bytes of a fresh worker", async () => {
    closeTypstWorkers();
    const fresh = await pdfOf(TOLSTOY_DIR);
    closeTypstWorkers();
    const before = typstWorkersStarted();
    await pdfOf(SEED_DIR);
    const reused = await pdfOf(TOLSTOY_DIR);
    expect(typstWorkersStarted() - before).toBe(1);
    expect(Buffer.from(reused).equals(Buffer.from(fresh))).toBe(true);
    closeTypstWorkers();
  }, 120_000);

  it("retire a worker that typeset more pages than the limit, and keep one that did not", async () => {
    closeTypstWorkers();
    const compileOnce = async (retireAfterPages: number) => {
      const session = openTypst({ fonts: [], timeoutMs: 30_000, retireAfterPages });
      const r = await session.compile({ main: "#set page(width: 5cm, height: 5cm)\nOne\n#pagebreak()\nTwo\n", mainPath: "main.typ", files: [], queries: [] });
      session.close();
      return r.pageCount;
    };
    const before = typstWorkersStarted();
    expect(await compileOnce(10)).toBe(2);
    expect(await compileOnce(10)).toBe(2);
    // Two pages are within the limit: the second session took the first one's worker.
    expect(typstWorkersStarted() - before).toBe(1);
    expect(await compileOnce(1)).toBe(2);
    expect(await compileOnce(10)).toBe(2);
    // Two pages are past a limit of one: that worker was stopped, the next session started another.
    expect(typstWorkersStarted() - before).toBe(2);
    closeTypstWorkers();
  }, 60_000);

  it("never keep the process alive while idle", () => {
    // A process that starts a worker and renders nothing must end by itself, well before the limit.
    const script = `import { prewarmTypst } from ${JSON.stringify(join(ROOT, "lib/render/print/typst/compiler.js"))}; prewarmTypst({ fonts: [] }); setTimeout(() => {}, 300);`;
    const started = Date.now();
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { timeout: 20_000, encoding: "utf8" });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
