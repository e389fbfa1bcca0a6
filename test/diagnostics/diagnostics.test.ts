/**
 * One case per diagnostic code (see cases.ts): each folder's input is run through the public API
 * and what the CLI would print is compared with its expected.txt. `UPDATE_GOLDEN=1` rewrites the
 * expected.txt files from the current output instead (review the diff before committing).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { listCases, runCase, type Case } from "./cases.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const cases = await listCases();

/** At most three cases at once: builds start pandoc, and the machine has two cores. */
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(job: () => Promise<T>): Promise<T> {
  if (running >= 3) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await job();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

async function check(c: Case): Promise<void> {
  const printed = await limited(() => runCase(c));
  const carrying = printed.filter((line) => line.includes(`[${c.code}]`));
  // The point of the folder: its input provokes its code.
  expect(carrying, `no diagnostic carries [${c.code}]; printed:\n${printed.join("\n")}`).not.toEqual([]);
  // A printed diagnostic is one entry (with its hint line, if any).
  const shown = (c.spec.only ? carrying : printed).join("\n") + "\n";
  const file = join(c.dir, "expected.txt");
  if (UPDATE) await writeFile(file, shown);
  expect(shown).toBe(await readFile(file, "utf8").catch(() => "(expected.txt is missing: run with UPDATE_GOLDEN=1)\n"));
}

const title = (c: Case) => c.spec.run === "skip" ? `${c.code} (skipped: ${c.spec.why ?? "no reason given"})` : c.code;

// Cases that only read their own folder share the process, a few at a time (two cores).
describe.concurrent("each code's case prints its expected.txt", () => {
  for (const c of cases.filter((c) => !c.alone)) test.skipIf(c.spec.run === "skip")(title(c), () => check(c));
});

// Cases that change process.env (PATH, EPUBCHECK_JAR) run one after another, after the rest.
describe.sequential("cases that change the environment", () => {
  for (const c of cases.filter((c) => c.alone)) test(title(c), () => check(c));
});
