// `npm run bench`: generated reading packets of 5 and 50 items (the seed and fixture manuscripts,
// each copy with its own title and author), built cold and again after editing one item, in fresh
// processes: wall time and the peak memory of the whole process tree (scripts/tree-rss.mjs).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { runMeasured, runTimed } from "../tree-rss.mjs";

const SOURCES = ["manuscript", "test/fixtures/books/article", "test/fixtures/books/chapters", "test/fixtures/books/untitled-two", "test/fixtures/books/cross-links", "test/fixtures/books/spanish"].map((p) => resolve(p));
const NAMES = ["Rosa Luxemburg", "Frantz Fanon", "Audre Lorde", "José Martí", "Emma Goldman", "Ngũgĩ wa Thiong’o", "Simone Weil", "Walter Rodney", "Clara Zetkin", "Amílcar Cabral"];

/** A packet of `count` items in `dir`: item k is a copy of a fixture with its own title and author. */
export function makePacket({ dir, count }) {
  mkdirSync(dir, { recursive: true });
  const items = [];
  for (let k = 1; k <= count; k++) {
    const source = SOURCES[(k - 1) % SOURCES.length];
    const name = `item-${String(k).padStart(2, "0")}`;
    cpSync(source, join(dir, name), { recursive: true });
    const metaPath = join(dir, name, "metadata.yaml");
    const meta = parse(readFileSync(metaPath, "utf8"));
    delete meta.slug;
    delete meta.identifier;
    meta.title = `${meta.title} (reading ${k})`;
    meta.authors = [{ name: NAMES[(k - 1) % NAMES.length] }];
    writeFileSync(metaPath, stringify(meta));
    items.push(name);
  }
  const parts = [{ part: "First readings", items: items.slice(0, Math.ceil(count / 2)) }, { part: "Further readings", items: items.slice(Math.ceil(count / 2)) }].filter((p) => p.items.length);
  writeFileSync(join(dir, "packet.yaml"), stringify({ title: `A packet of ${count} readings`, language: "en", editors: ["Bench Editor"], items: parts }));
  return items;
}

/** Edits one paragraph of one item: the next build should convert and render only that item. */
function editOne({ dir, item }) {
  const folder = join(dir, item);
  const file = readdirSync(folder).filter((f) => f.endsWith(".md") && f !== "editorial-note.md").sort()[0];
  const path = join(folder, file);
  writeFileSync(path, readFileSync(path, "utf8").replace(/\n\n([A-Z])/, "\n\nEdited for the bench. $1"));
}

/** The targets on a 2-core machine. */
export const TARGETS = { coldS: 15, editS: 2, treeMb: 1024, ratio: 12 };

const verdict = (ok) => (ok ? "met" : "NO");

export async function run({ log = console.log, counts = [5, 50] } = {}) {
  const work = mkdtempSync(join(tmpdir(), "imprint-bench-packet-"));
  const env = { ...process.env, SOURCE_DATE_EPOCH: "1756684800" };
  const rows = [];
  try {
    log("\nreading packets (imprint packet, EPUB + PDF + HTML of the packet and of every item, checks fast; fresh process each; times from unsampled runs, memory from runs of their own):");
    for (const count of counts) {
      const dir = join(work, `packet-${count}`);
      const out = join(work, `out-${count}`);
      const items = makePacket({ dir, count });
      const argv = ["bin/imprint", "packet", dir, "--out", out, "--json"];
      // Timed runs (cold, then after an edit), then the same two again, sampled for memory only.
      const cold = await runTimed({ argv, env });
      editOne({ dir, item: items[Math.floor(count / 2)] });
      const warm = await runTimed({ argv, env });
      rmSync(out, { recursive: true, force: true });
      cold.treeMb = (await runMeasured({ argv, env })).treeMb;
      editOne({ dir, item: items[Math.floor(count / 2)] });
      warm.treeMb = (await runMeasured({ argv, env })).treeMb;
      const report = JSON.parse(warm.stdout);
      const pages = report.pageCount ?? "?";
      const rebuilt = report.items.filter((i) => !i.renderedFromCache).length;
      rows.push({ count, cold, warm });
      log(`  ${String(count).padStart(2)} items (${pages} pages)  cold ${cold.wall.toFixed(2)} s, peak tree PSS ${cold.treeMb.toFixed(0)} MB   after a one-item edit ${warm.wall.toFixed(2)} s (${rebuilt} item re-rendered), ${warm.treeMb.toFixed(0)} MB`);
    }
    const five = rows.find((r) => r.count === 5);
    const fifty = rows.find((r) => r.count === 50);
    if (fifty) {
      const peak = Math.max(...rows.flatMap((r) => [r.cold.treeMb, r.warm.treeMb]));
      log(`  target: 50 items cold ≤ ${TARGETS.coldS} s: ${fifty.cold.wall.toFixed(2)} s, ${verdict(fifty.cold.wall <= TARGETS.coldS)}`);
      log(`  target: 50 items after a one-item edit ≤ ${TARGETS.editS} s: ${fifty.warm.wall.toFixed(2)} s, ${verdict(fifty.warm.wall <= TARGETS.editS)}`);
      log(`  target: peak tree memory ≤ 1 GiB: ${peak.toFixed(0)} MB, ${verdict(peak <= TARGETS.treeMb)}`);
      if (five) {
        const ratio = fifty.cold.wall / five.cold.wall;
        log(`  target: 50-item cold time / 5-item cold time ≤ ${TARGETS.ratio}×: ${ratio.toFixed(1)}×, ${verdict(ratio <= TARGETS.ratio)}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
