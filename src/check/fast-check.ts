/**
 * The build's fast EPUB check (epubcheck-ts and the structure check) off the main thread. A
 * checker starts with the build, so the check's modules load while pandoc converts; an EPUB is
 * checked as soon as it is rendered, beside the print edition's last steps. Where the worker's
 * file is not there (running from the TypeScript sources) or the worker dies, the same check runs
 * in-process: the findings are the same either way.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics.js";

export interface FastChecker {
  /** Where the check runs: "worker" normally, "in-process" where the worker file is absent. */
  readonly where: "worker" | "in-process";
  check(input: { bytes: Uint8Array; fileName: string }): Promise<Diagnostic[]>;
  close(): Promise<void>;
}

type Answer = { id: number; diagnostics?: Diagnostic[]; error?: string };

const inProcess = async ({ bytes, fileName }: { bytes: Uint8Array; fileName: string }): Promise<Diagnostic[]> => (await import("./epub.js")).checkEpub({ bytes, fileName, checks: ["epubcheck-ts"] });

export function startFastChecker(): FastChecker {
  const file = fileURLToPath(new URL("./fast-check-worker.js", import.meta.url));
  let worker: Worker | undefined;
  try {
    worker = existsSync(file) ? new Worker(file) : undefined;
  } catch {
    worker = undefined;
  }
  if (!worker) return { where: "in-process", check: inProcess, close: async () => undefined };
  const w = worker;
  let next = 0;
  let dead = false;
  const waiting = new Map<number, (a: Answer) => void>();
  const fail = (message: string) => {
    dead = true;
    for (const [id, settle] of waiting) settle({ id, error: message });
    waiting.clear();
  };
  w.on("message", (a: Answer) => {
    waiting.get(a.id)?.(a);
    waiting.delete(a.id);
    if (waiting.size === 0) w.unref();
  });
  w.on("error", (e) => fail(e.message));
  w.on("exit", (code) => fail(`the check worker stopped (exit code ${code})`));
  // Idle, it must not keep the process alive.
  w.unref();
  return {
    where: "worker",
    async check(input) {
      if (dead) return inProcess(input);
      const id = next++;
      const answer = await new Promise<Answer>((resolve) => {
        waiting.set(id, resolve);
        w.ref();
        // A copy goes to the worker: the caller's bytes are written out afterwards.
        w.postMessage({ id, bytes: input.bytes, fileName: input.fileName });
      });
      // A worker that failed leaves the check to this thread, so a build is never unchecked.
      return answer.diagnostics ?? inProcess(input);
    },
    async close() {
      dead = true;
      await w.terminate();
    },
  };
}
