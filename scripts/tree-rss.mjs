// Peak memory (proportional set size) of a whole process tree (the command and every process it starts:
// pandoc, Chromium's many processes, Java), sampled from /proc every 25 ms. GNU time's %M only
// reports the largest single process, which undercounts Chromium by several times.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

function treeRssKb(root) {
  const parent = new Map();
  const rss = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(name), Number(fields[1]));
      // PSS: each shared page counted once across the processes that share it (Chromium's
      // processes share most of their code; summing RSS would count it once per process).
      const rollup = readFileSync(`/proc/${name}/smaps_rollup`, "utf8");
      rss.set(Number(name), Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0));
    } catch {
      // The process ended between listing and reading.
    }
  }
  let total = 0;
  for (const [pid, kb] of rss) {
    for (let p = pid; p; p = parent.get(p) ?? 0) {
      if (p === root) {
        total += kb;
        break;
      }
      if (p === 1) break;
    }
  }
  return total;
}

/** Runs argv; resolves with wall seconds and the tree's peak RSS in MB. */
export function runMeasured({ argv, env }) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
    let peak = 0;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid))), 25);
    child.on("close", (code) => {
      clearInterval(timer);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) reject(new Error(`${argv.join(" ")} failed (${code}):\n${stderr.slice(-2000)}`));
      else resolve({ wall, treeMb: peak / 1024, stdout });
    });
  });
}
