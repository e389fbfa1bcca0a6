/**
 * Drawn covers kept in a packet's cache (its `covers/` folder): the same picture is read back,
 * not drawn again; another picture, or no cache, draws.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { diskCache } from "../../../src/packet/cache.js";
import { coversDrawn, keepDrawnCovers, rasterize } from "../../../src/render/epub/cover.js";

const svg = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="128"><rect width="80" height="128" fill="${fill}"/><text x="10" y="60" font-size="16" fill="#fff">Cover</text></svg>`;
const folders: string[] = [];
/** A fresh cache, kept by rasterize from now on; its pictures' folder. */
async function keepIn(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "imprint-covers-"));
  folders.push(dir);
  keepDrawnCovers({ store: diskCache({ dir }).pictures });
  return join(dir, "covers");
}
afterEach(async () => {
  keepDrawnCovers({ store: undefined });
  await Promise.all(folders.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("kept covers", () => {
  it("draw a picture once; the second time it is read back, byte for byte", async () => {
    const dir = await keepIn();
    const before = coversDrawn();
    const first = await rasterize({ svg: svg("#224"), text: "Cover" });
    const second = await rasterize({ svg: svg("#224"), text: "Cover" });
    expect(coversDrawn() - before).toBe(1);
    expect(Buffer.from(second)).toEqual(Buffer.from(first));
    const names = await readdir(dir);
    // One file, named by its hash; nothing temporary left behind.
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^[0-9a-f]{64}\.bin$/);
    // The picture after its SHA-256 (a file damaged on disk is drawn again).
    expect(Buffer.from(await readFile(join(dir, names[0] ?? "")))).toEqual(Buffer.concat([createHash("sha256").update(first).digest(), Buffer.from(first)]));
  }, 60_000);

  it("draw another picture again, and draw every time with no folder", async () => {
    const dir = await keepIn();
    const before = coversDrawn();
    await rasterize({ svg: svg("#224"), text: "Cover" });
    await rasterize({ svg: svg("#422"), text: "Cover" });
    expect(coversDrawn() - before).toBe(2);
    expect(await readdir(dir)).toHaveLength(2);
    keepDrawnCovers({ store: undefined });
    await rasterize({ svg: svg("#224"), text: "Cover" });
    expect(coversDrawn() - before).toBe(3);
  }, 60_000);

  it("use what the folder holds under the picture's name (so a deleted folder only means drawing again)", async () => {
    const dir = await keepIn();
    await rasterize({ svg: svg("#224"), text: "Cover" });
    const [name] = await readdir(dir);
    const marked = Buffer.from("89504e470d0a1a0a6b657074", "hex");
    await writeFile(join(dir, name ?? ""), Buffer.concat([createHash("sha256").update(marked).digest(), marked]));
    expect(Buffer.from(await rasterize({ svg: svg("#224"), text: "Cover" }))).toEqual(marked);
    // The same without its hash (damaged): drawn again, and kept again.
    await writeFile(join(dir, name ?? ""), marked);
    const drawnBefore = coversDrawn();
    expect(Buffer.from((await rasterize({ svg: svg("#224"), text: "Cover" })).subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    expect(coversDrawn() - drawnBefore).toBe(1);
    expect((await readFile(join(dir, name ?? ""))).byteLength).toBeGreaterThan(marked.byteLength + 32);
    await rm(dir, { recursive: true });
    const before = coversDrawn();
    const redrawn = await rasterize({ svg: svg("#224"), text: "Cover" });
    expect(coversDrawn() - before).toBe(1);
    expect(Buffer.from(redrawn.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
  }, 60_000);
});
