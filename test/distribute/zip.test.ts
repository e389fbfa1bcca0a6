/**
 * The packet's zip: one top folder, sorted entries with fixed dates, the same bytes from the same
 * files in any time zone, and no way out of the folder (`..`, absolute paths, symbolic links).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { zipFolder } from "../../src/distribute/index.js";

const root = mkdtempSync(join(tmpdir(), "imprint-zip-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function packetFolder(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "items"), { recursive: true });
  mkdirSync(join(dir, "covers"), { recursive: true });
  writeFileSync(join(dir, "index.html"), "<!DOCTYPE html><title>x</title>");
  writeFileSync(join(dir, "reading-packet.epub"), "epub bytes");
  writeFileSync(join(dir, "items", "b.epub"), "b");
  writeFileSync(join(dir, "items", "a.epub"), "a");
  writeFileSync(join(dir, "covers", "a.png"), "png");
  return dir;
}

const FILES = ["reading-packet.epub", "items/b.epub", "index.html", "covers/a.png", "items/a.epub"];
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("zipFolder", () => {
  it("puts every file under one top folder, in sorted order, each file once", async () => {
    const zip = await JSZip.loadAsync(await zipFolder({ dir: packetFolder("one"), files: [...FILES, "index.html"], top: "reading-packet" }));
    const names = Object.keys(zip.files);
    expect(names).toEqual(["reading-packet/", "reading-packet/covers/", "reading-packet/items/", "reading-packet/covers/a.png", "reading-packet/index.html", "reading-packet/items/a.epub", "reading-packet/items/b.epub", "reading-packet/reading-packet.epub"]);
    expect(await zip.file("reading-packet/items/b.epub")?.async("string")).toBe("b");
    for (const entry of Object.values(zip.files)) expect(entry.date.toISOString()).toBe("1980-01-01T00:00:00.000Z");
  });

  it("unzips with Info-ZIP into one folder", async () => {
    const dir = packetFolder("unzip");
    const file = join(root, "unzip.zip");
    writeFileSync(file, await zipFolder({ dir, files: FILES, top: "reading-packet" }));
    const listing = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n");
    expect(new Set(listing.map((l) => l.split("/")[0]))).toEqual(new Set(["reading-packet"]));
    execFileSync("unzip", ["-tq", file]);
  });

  it("gives the same bytes for the same files, whatever their times and the time zone", async () => {
    const a = packetFolder("a");
    const b = packetFolder("b");
    utimesSync(join(b, "index.html"), new Date("2001-01-01"), new Date("2001-01-01"));
    const first = await zipFolder({ dir: a, files: FILES, top: "p" });
    const saved = process.env.TZ;
    process.env.TZ = "Pacific/Kiritimati";
    try {
      expect(sha(await zipFolder({ dir: b, files: [...FILES].reverse(), top: "p" }))).toBe(sha(first));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("refuses paths that leave the folder, and symbolic links", async () => {
    const dir = packetFolder("evil");
    writeFileSync(join(root, "secret.txt"), "secret");
    symlinkSync(join(root, "secret.txt"), join(dir, "link.txt"));
    mkdirSync(join(root, "outside"));
    writeFileSync(join(root, "outside", "x.epub"), "x");
    symlinkSync(join(root, "outside"), join(dir, "linked"));
    for (const bad of ["../secret.txt", "items/../../secret.txt", "/etc/passwd", "items\\..\\..\\secret.txt", "", "./index.html", "items//a.epub"]) {
      await expect(zipFolder({ dir, files: [bad], top: "p" }), bad).rejects.toThrow(/not a relative path inside the folder/);
    }
    await expect(zipFolder({ dir, files: ["link.txt"], top: "p" })).rejects.toThrow(/not a regular file/);
    await expect(zipFolder({ dir, files: ["linked/x.epub"], top: "p" })).rejects.toThrow(/leaves/);
    for (const top of ["..", "a/b", "/tmp", ""]) await expect(zipFolder({ dir, files: ["index.html"], top })).rejects.toThrow(/top folder/);
  });
});
