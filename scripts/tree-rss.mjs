// Peak memory (proportional set size) of a whole process tree (the command and every process it
// starts: pandoc, Chromium's many processes, Java), sampled every 25 ms with the same reader the
// browser's memory cap uses (lib/render/process-memory.js; `npm run bench` compiles first).
import { spawn } from "node:child_process";
import { treeMemoryKb } from "../lib/render/process-memory.js";

/** Runs argv; resolves with wall seconds and the tree's peak PSS in MB. */
export function runMeasured({ argv, env }) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
    let peak = 0;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setInterval(() => (peak = Math.max(peak, treeMemoryKb(child.pid) ?? 0)), 25);
    child.on("close", (code) => {
      clearInterval(timer);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) reject(new Error(`${argv.join(" ")} failed (${code}):\n${stderr.slice(-2000)}`));
      else resolve({ wall, treeMb: peak / 1024, stdout });
    });
  });
}
