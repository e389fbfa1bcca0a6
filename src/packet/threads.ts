/**
 * Render threads for a packet build: a few worker threads (src/packet/render-thread.ts), each
 * rendering one Book's editions at a time, so the items' JavaScript work (EPUB zips, covers,
 * EPUBCheck, typst data) runs on every core rather than on the main thread alone. Used only for
 * sets that need no browser (the browser session lives on the main thread) and only from the
 * compiled code (lib/ or its bundle), where the thread's module is JavaScript.
 */
import { Worker } from "node:worker_threads";
import type { FreshSet } from "./render.js";
import type { FromThread, ThreadJob, ToThread } from "./render-thread.js";

export interface RenderThreads {
  count: number;
  /** Renders and checks one set on the next free thread; `onEdition` as each edition is done. */
  render(input: { job: ThreadJob; onEdition?: (name: string) => void }): Promise<FreshSet>;
  close(): Promise<void>;
}

/**
 * `count` threads, or undefined where they cannot run (the TypeScript sources under a test
 * runner: a thread cannot load a .ts module).
 */
export async function openRenderThreads({ count }: { count: number }): Promise<RenderThreads | undefined> {
  const { THREAD_DATA, THREAD_MODULE } = await import("./render-thread.js");
  const module = new URL(THREAD_MODULE);
  if (!/\.[cm]?js$/.test(module.pathname) || count < 1) return undefined;
  interface Slot { worker: Worker; busy: boolean }
  interface Pending { resolve: (set: FreshSet) => void; reject: (e: Error) => void; onEdition?: (name: string) => void }
  const pending = new Map<number, Pending>();
  const waiting: Array<() => void> = [];
  let nextId = 0;
  const slots: Slot[] = Array.from({ length: count }, () => {
    const worker = new Worker(module, { workerData: THREAD_DATA });
    worker.on("message", (m: FromThread) => {
      if (m.kind === "ready") return;
      const p = pending.get(m.id);
      if (!p) return;
      if (m.kind === "edition") return p.onEdition?.(m.name);
      pending.delete(m.id);
      if (m.kind === "done") p.resolve(m.set);
      else p.reject(new Error(`a render thread failed: ${m.message}`));
    });
    // A thread that dies takes its job with it: that job fails, the others go on.
    worker.on("error", (error) => {
      for (const [id, p] of pending) if (owner.get(id) === worker) {
        pending.delete(id);
        p.reject(error);
      }
    });
    return { worker, busy: false };
  });
  const owner = new Map<number, Worker>();
  const free = async (): Promise<Slot> => {
    for (;;) {
      const slot = slots.find((s) => !s.busy);
      if (slot) return slot;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  return {
    count,
    async render({ job, onEdition }) {
      const slot = await free();
      slot.busy = true;
      const id = nextId++;
      owner.set(id, slot.worker);
      try {
        return await new Promise<FreshSet>((resolve, reject) => {
          pending.set(id, { resolve, reject, ...(onEdition ? { onEdition } : {}) });
          const message: ToThread = { kind: "job", id, job };
          slot.worker.postMessage(message);
        });
      } finally {
        owner.delete(id);
        slot.busy = false;
        waiting.shift()?.();
      }
    },
    async close() {
      const close: ToThread = { kind: "close" };
      await Promise.all(slots.map((s) => new Promise<void>((resolve) => {
        s.worker.once("exit", () => resolve());
        s.worker.postMessage(close);
        // A thread still busy with a failed build's job is stopped.
        setTimeout(() => void s.worker.terminate(), 2000).unref();
      })));
    },
  };
}
