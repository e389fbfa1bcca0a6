/**
 * The fast EPUB check in a worker thread (started by fast-check.ts): its modules, a WebAssembly
 * XML engine among them, load on the other core while the build converts and renders, and an
 * EPUB is checked there while the main thread finishes the print edition.
 */
import { parentPort } from "node:worker_threads";
import { checkEpub, warmEpubChecks } from "./epub.js";

interface Request {
  id: number;
  bytes: Uint8Array;
  fileName: string;
}

const port = parentPort;
if (port) {
  void warmEpubChecks();
  port.on("message", (request: Request) => {
    checkEpub({ bytes: request.bytes, fileName: request.fileName, checks: ["epubcheck-ts"] }).then(
      (diagnostics) => port.postMessage({ id: request.id, diagnostics }),
      (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
