/**
 * resvg's drawing and PNG encoding (~150 ms for 1600×2560) in worker threads, so the thread that
 * asks goes on with the other editions (the build starts the cover early, see early-cover.ts).
 * A worker is kept, idle and unreferenced, for the next picture: starting one and loading resvg
 * into it cost ~40–65 ms of CPU, and a cold 50-item packet draws about a hundred pictures (each
 * Book's cover and its thumbnail). As many draw at once as are asked for; one idle worker is kept.
 * An idle worker never keeps the process alive.
 *
 * resvg's memory outside the JavaScript heap (each picture's pixels, its font database) is freed
 * only when the worker's garbage collector runs, which that memory does not prompt: a kept worker
 * grew by 17 MB with every 1600×2560 cover. So a worker that has drawn about RETIRE_AFTER_BYTES
 * is stopped (its memory goes with it) instead of kept: one per two or three of a packet's items.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

// import(), not require(): the worker inherits the process's flags, --input-type=module among them.
const RASTER_WORKER = String.raw`
import("node:worker_threads").then(async ({ parentPort, workerData }) => {
  const resvg = await import(workerData.module);
  const { Resvg } = resvg.Resvg ? resvg : resvg.default;
  parentPort.on("message", ({ svg, options }) => {
    let png;
    try {
      png = new Resvg(svg, options).render().asPng();
    } catch (error) {
      parentPort.postMessage({ error: String((error && error.message) || error) });
      return;
    }
    parentPort.postMessage({ png }, [png.buffer]);
  });
});
`;

type Answer = { png?: Uint8Array; error?: string };

/** What a worker may have left behind before it is stopped: ~4 bytes a pixel and ~1 MB of fonts a picture. */
export const RETIRE_AFTER_BYTES = 32 * 1024 * 1024;
const PICTURE_OVERHEAD_BYTES = 1024 * 1024;

const idle: Worker[] = [];
const spent = new WeakMap<Worker, number>();
let started = 0;

/** Raster workers this process (or thread) has started so far: a test sees one reused. */
export function rasterWorkersStarted(): number {
  return started;
}

function take(): Worker {
  const kept = idle.pop();
  if (kept) {
    kept.ref();
    return kept;
  }
  started++;
  const module = pathToFileURL(createRequire(import.meta.url).resolve("@resvg/resvg-js")).href;
  return new Worker(RASTER_WORKER, { eval: true, workerData: { module } });
}

function giveBack({ worker, png }: { worker: Worker; png: Uint8Array | undefined }): void {
  // Width and height from the PNG's header (bytes 16–23, big-endian).
  const header = png && png.byteLength >= 24 ? new DataView(png.buffer, png.byteOffset, 24) : undefined;
  const pixels = header ? header.getUint32(16) * header.getUint32(20) : 0;
  const total = (spent.get(worker) ?? 0) + pixels * 4 + PICTURE_OVERHEAD_BYTES;
  spent.set(worker, total);
  worker.unref();
  if (total < RETIRE_AFTER_BYTES && idle.length === 0) idle.push(worker);
  else void worker.terminate();
}

/** The SVG drawn to PNG by resvg with these options, in a worker thread. */
export async function drawPng({ svg, options }: { svg: string; options: unknown }): Promise<Uint8Array> {
  const worker = take();
  let healthy = false;
  let png: Uint8Array | undefined;
  try {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      const onExit = (code: number) => reject(new Error(`the cover worker stopped (exit code ${code})`));
      worker.once("error", onError);
      worker.once("exit", onExit);
      worker.once("message", (a: Answer) => {
        worker.off("error", onError);
        worker.off("exit", onExit);
        resolve(a);
      });
      worker.postMessage({ svg, options });
    });
    // A picture resvg refused leaves the worker as it was; one that died or threw is not kept.
    healthy = true;
    if (!answer.png) throw new Error(answer.error ?? "the cover worker sent no picture");
    png = new Uint8Array(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength);
    return png;
  } finally {
    if (healthy) giveBack({ worker, png });
    else void worker.terminate();
  }
}
