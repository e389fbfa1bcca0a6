// Peak memory (proportional set size) of a whole process tree (the command and every process it
// starts: pandoc, Chromium's many processes, Java), sampled every 25 ms with the same reader the
// browser's memory cap uses (lib/render/process-memory.js; `npm run bench` compiles first).
//
// The sampling is not free: each sample has the kernel walk every process's page tables
// (smaps_rollup), and on two cores that slowed a 50-item packet build from 14.4 s to 19.0 s and
// an 800-page book from 10.3 s to 12.6 s. So a run is either timed (runTimed) or sampled for
// memory (runMeasured), never both: the benches time runs of their own.
import { spawn } from "node:child_process";
import { treeMemoryKb } from "../lib/render/process-memory.js";

/** Runs argv without sampling: resolves with wall seconds (treeMb is NaN). */
export function runTimed({ argv, env }) {
  return runMeasured({ argv, env, sample: false });
}

/** Runs argv; resolves with wall seconds and the tree's peak PSS in MB (its wall time is the sampled run's: slower). */
export function runMeasured({ argv, env, sample = true }) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
    let peak = 0;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = sample ? setInterval(() => (peak = Math.max(peak, treeMemoryKb(child.pid) ?? 0)), 25) : undefined;
    child.on("close", (code) => {
      clearInterval(timer);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) reject(new Error(`${argv.join(" ")} failed (${code}):\n${stderr.slice(-2000)}`));
      else resolve({ wall, treeMb: sample ? peak / 1024 : Number.NaN, stdout });
    });
  });
}
