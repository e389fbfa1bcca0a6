/**
 * The pandoc-wasm worker, as plain JavaScript source run with `new Worker(src, { eval: true })`.
 * A string rather than a file because the same code must run compiled (lib/…/*.js) and from
 * src/*.ts under vitest, where a `new URL("./worker.js", import.meta.url)` finds no file.
 * The module to load arrives as an absolute file URL in workerData.
 *
 * Messages in:  { type: "run", id, options, stdin, files: { name: Uint8Array } }
 * Messages out: { type: "ready", version } | { type: "fatal", message }
 *               | { type: "done", id, stdout, stderr, warnings: string[] }
 *               | { type: "error", id, message }  (the instance may be broken: main replaces it)
 */
export const WORKER_SOURCE = String.raw`
(async () => {
  // import(), not require(): eval code runs as CommonJS or as ESM depending on the parent's
  // flags (e.g. node --input-type=module), and import() works in both.
  const { parentPort, workerData } = await import("node:worker_threads");
  let pandoc;
  try {
    pandoc = await import(workerData.moduleUrl);
  } catch (error) {
    parentPort.postMessage({ type: "fatal", message: String(error && error.message || error) });
    return;
  }
  let version = "unknown";
  try {
    const v = pandoc.query({ query: "version" });
    if (typeof v === "string") version = v;
  } catch (_) {}
  parentPort.on("message", async (job) => {
    if (!job || job.type !== "run") return;
    try {
      const files = {};
      for (const [name, bytes] of Object.entries(job.files || {})) files[name] = new Blob([bytes]);
      const result = await pandoc.convert(job.options, job.stdin, files);
      const warnings = (result.warnings || []).map((w) =>
        typeof w === "string" ? w : (w && typeof w.pretty === "string" ? w.pretty : JSON.stringify(w)));
      parentPort.postMessage({ type: "done", id: job.id, stdout: result.stdout, stderr: result.stderr, warnings });
    } catch (error) {
      parentPort.postMessage({ type: "error", id: job.id, message: String(error && error.message || error) });
    }
  });
  parentPort.postMessage({ type: "ready", version });
})();
`;
