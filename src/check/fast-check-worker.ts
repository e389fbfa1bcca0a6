/**
 * The fast EPUB check in a worker thread (started by fast-check.ts): its modules, a WebAssembly
 * XML engine among them, load on the other core while the build converts and renders, and an
 * EPUB is checked there while the main thread finishes the print edition.
 */
import { parentPort } from "node:worker_threads";
import { checkEpub, warmEpubChecks } from "./epub.js";
import { warmUpEpub } from "./warm-epub.js";
import { saveCodeCache } from "../code-cache.js";

interface Request {
  id: number;
  bytes: Uint8Array;
  fileName: string;
}

const port = parentPort;
if (port) {
  // One check of a tiny EPUB first (schemas compiled, code warm); requests wait for it, then run one at a time.
  let queue: Promise<unknown> = warmEpubChecks()
    .then(() => warmUpEpub())
    .then((bytes) => checkEpub({ bytes, fileName: "warm-up.epub", checks: ["epubcheck-ts"] }))
    .catch(() => undefined);
  port.on("message", (request: Request) => {
    queue = queue.then(() =>
      checkEpub({ bytes: request.bytes, fileName: request.fileName, checks: ["epubcheck-ts"] }).then(
        (diagnostics) => {
          // Before the answer: the build may stop this thread as soon as it has it.
          saveCodeCache();
          port.postMessage({ id: request.id, diagnostics });
        },
        (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
      ),
    );
  });
}
