/**
 * A pandoc backend that gathers the Markdown conversions asked of it at about the same time into
 * batched runs (batch.ts). A packet loads its items side by side, each with a file or two: alone
 * they would be one pandoc process per file (about a hundred for fifty items); gathered, one per
 * ten. Every other run, and every file of a batch that cannot be attributed for certain, runs on
 * its own as before, so the outputs are those of the backend it wraps.
 */
import { pool } from "../pool.js";
import { runBatch } from "./batch.js";
import { MARKDOWN_ARGS, MARKDOWN_FROM } from "./args.js";
import type { PandocBackend, PandocOutput, PandocRun } from "./types.js";

/** Conversions a batch takes at most, and how long the first one waits for others. */
export const BATCH_FILES = 10;
const WINDOW_MS = 15;

interface Waiting {
  run: PandocRun;
  settle: (result: { output?: PandocOutput; error?: unknown }) => void;
}

const isConversion = (run: PandocRun): boolean =>
  run.from === MARKDOWN_FROM && run.to === "html5" && run.inputBytes === undefined && !run.luaFilters?.length && (run.args ?? []).join(" ") === MARKDOWN_ARGS.join(" ");

export function coalescingPandoc(base: PandocBackend): PandocBackend {
  if (!base.runFiles) return base;
  let queue: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;
  const alone = (w: Waiting): Promise<void> => base.run(w.run).then((output) => w.settle({ output }), (error: unknown) => w.settle({ error }));
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const taken = queue;
    queue = [];
    if (taken.length === 1) return void alone(taken[0] as Waiting);
    const timeoutMs = Math.min(...taken.map((w) => w.run.timeoutMs));
    // Given way, the files run one by one, four at a time, as they would without batches.
    const oneByOne = (): void => void pool({ list: taken, jobs: 4, work: async (w) => alone(w) });
    runBatch({ pandoc: base, files: taken.map((w) => ({ input: w.run.input, sourceFile: w.run.sourceFile })), timeoutMs }).then(
      (outputs) => {
        if (!outputs) return oneByOne();
        taken.forEach((w, k) => w.settle({ output: outputs[k] as PandocOutput }));
      },
      oneByOne,
    );
  };
  return {
    name: base.name,
    version: base.version,
    ...(base.memoryCap ? { memoryCap: base.memoryCap } : {}),
    run(run) {
      if (!isConversion(run)) return base.run(run);
      return new Promise<PandocOutput>((resolve, reject) => {
        queue.push({ run, settle: ({ output, error }) => (output ? resolve(output) : reject(error)) });
        if (queue.length >= BATCH_FILES) flush();
        else timer ??= setTimeout(flush, WINDOW_MS);
      });
    },
    close: () => base.close(),
  };
}
