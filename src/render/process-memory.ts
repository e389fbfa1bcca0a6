/**
 * Memory of a whole process tree on Linux, from /proc: a process and all its descendants, each
 * counted by its proportional set size (shared pages split between the processes sharing them,
 * so Chromium's many processes are not counted once per process). Elsewhere it reports nothing.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Kilobytes of PSS of `root` and every process below it; undefined where /proc cannot tell. */
export function treeMemoryKb(root: number): number | undefined {
  let names: string[];
  try {
    names = readdirSync("/proc").filter((n) => /^\d+$/.test(n));
  } catch {
    return undefined;
  }
  const parent = new Map<number, number>();
  for (const name of names) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Ended between listing and reading.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
    } catch {
      // Ended, or smaps_rollup is not readable: it adds nothing we can know.
    }
  }
  return total;
}

/**
 * Calls `onExceed` once when the tree under `pid` holds more than `limitMb`, checking every
 * `everyMs`. Returns the function that stops watching.
 */
export function watchTreeMemory({ pid, limitMb, everyMs = 250, onExceed }: { pid: number; limitMb: number; everyMs?: number; onExceed: (mb: number) => void }): () => void {
  if (treeMemoryKb(pid) === undefined) return () => undefined;
  const timer = setInterval(() => {
    const kb = treeMemoryKb(pid) ?? 0;
    if (kb / 1024 > limitMb) {
      clearInterval(timer);
      onExceed(Math.round(kb / 1024));
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
