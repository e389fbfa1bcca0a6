/**
 * Running the external tools the checks use (EPUBCheck, Ace, poppler): an argument array, never a
 * shell; output collected whole; a timeout that kills the whole process group; temp folders that
 * are always removed.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";


export interface RunOutcome {
  /** null when the process could not start (ENOENT) or was killed on timeout. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all. */
  spawnError?: NodeJS.ErrnoException;
  timedOut: boolean;
}

export function runTool({ command, args, env, timeoutMs, cwd }: { command: string; args: string[]; env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string }): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const child = spawn(command, args, { env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"], ...(cwd ? { cwd } : {}), detached: process.platform !== "win32" });
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const result: RunOutcome = { code: timedOut ? null : code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), timedOut };
      if (spawnError) result.spawnError = spawnError;
      resolve(result);
    });
  });
}

/** Kills the child's whole process group (Ace starts Chromium under it). */
function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
