/**
 * Memory of a whole process tree on Linux, from /proc: a process and all its descendants, each
 * counted by its proportional set size (shared pages split between the processes sharing them,
 * so Chromium's many processes are not counted once per process). Elsewhere it reports nothing.
 */
import { readdirSync, readFileSync } from "node:fs";

/**
 * `root` and its descendants. /proc/PID/task/TID/children lists a thread's children directly, so
 * only the tree is read (scanning every process's stat on a busy machine took seconds of a long
 * build's main thread); kernels without it fall back to one scan of all processes.
 */
function treePids(root: number): number[] | undefined {
  const out: number[] = [];
  const walk = (pid: number): boolean => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      return pid !== root;
    }
    out.push(pid);
    for (const tid of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8");
      } catch {
        return false;
      }
      for (const c of children.split(" ")) if (c && !walk(Number(c))) return false;
    }
    return true;
  };
  return walk(root) ? out : undefined;
}

function scannedTreePids(root: number): number[] | undefined {
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
  return [...parent.keys()].filter(inTree);
}

function sumField({ root, file, pattern }: { root: number; file: string; pattern: RegExp }): number | undefined {
  const pids = treePids(root) ?? scannedTreePids(root);
  if (!pids) return undefined;
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(pattern.exec(readFileSync(`/proc/${pid}/${file}`, "utf8"))?.[1] ?? 0);
    } catch {
      // Ended, or not readable: it adds nothing we can know.
    }
  }
  return total;
}

/** Kilobytes of PSS of `root` and every process below it; undefined where /proc cannot tell. */
export function treeMemoryKb(root: number): number | undefined {
  return sumField({ root, file: "smaps_rollup", pattern: /^Pss:\s+(\d+)/m });
}

/**
 * Kilobytes of RSS of the tree: cheap to read (no page-table walk, unlike smaps_rollup) and never
 * below the PSS, so while it is under a cap the PSS is too.
 */
export function treeRssKb(root: number): number | undefined {
  return sumField({ root, file: "status", pattern: /^VmRSS:\s+(\d+)/m });
}

/**
 * Calls `onExceed` once when the tree under `pid` holds more than `limitMb`, checking every
 * `everyMs`. Returns the function that stops watching.
 */
export function watchTreeMemory({ pid, limitMb, everyMs = 250, onExceed }: { pid: number; limitMb: number; everyMs?: number; onExceed: (mb: number) => void }): () => void {
  if (treeMemoryKb(pid) === undefined) return () => undefined;
  const timer = setInterval(() => {
    // The exact PSS only once the cheap upper bound passes the cap.
    if ((treeRssKb(pid) ?? Infinity) / 1024 <= limitMb) return;
    const kb = treeMemoryKb(pid) ?? 0;
    if (kb / 1024 > limitMb) {
      clearInterval(timer);
      onExceed(Math.round(kb / 1024));
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
