/**
 * The pandoc-wasm worker, as plain JavaScript source run with `new Worker(src, { eval: true })`.
 * A string rather than a file because the same code must run compiled (lib/…/*.js) and from
 * src/*.ts under vitest, where a `new URL("./worker.js", import.meta.url)` finds no file.
 * The module to load arrives as an absolute file URL in workerData, with `maxPages`, the cap on
 * pandoc's linear memory in 64 KiB pages (0: none).
 *
 * The cap: pandoc.wasm declares its memory with no maximum (it may grow to 4 GiB, and nothing
 * outside can stop a synchronous convert() but terminate()), so the worker loads pandoc-wasm's
 * core.js itself with a copy of pandoc.wasm whose memory section carries a maximum. When pandoc
 * needs more, its allocator fails and the run ends in a trap; the worker tells a trap at the cap
 * ("memory": true) from any other failure by the size the memory has reached.
 *
 * Messages in:  { type: "run", id, options, stdin, files: { name: Uint8Array } }
 * Messages out: { type: "ready", version, capped } | { type: "fatal", message }
 *               | { type: "done", id, stdout, stderr, warnings: string[] }
 *               | { type: "error", id, message, memory }  (the instance may be broken: main replaces it)
 */
export const WORKER_SOURCE = String.raw`
(async () => {
  // import(), not require(): eval code runs as CommonJS or as ESM depending on the parent's
  // flags (e.g. node --input-type=module), and import() works in both.
  const { parentPort, workerData } = await import("node:worker_threads");
  const { readFileSync } = await import("node:fs");

  function readLeb(bytes, at) {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return { value, at };
  }
  function leb(value) {
    const out = [];
    do { let byte = value & 0x7f; value = Math.floor(value / 128); if (value) byte |= 0x80; out.push(byte); } while (value);
    return out;
  }
  // The module with its one memory given a maximum, or undefined if its layout is not the expected
  // one (a future pandoc-wasm): then it runs uncapped rather than not at all.
  function capMemory(bytes, maxPages) {
    let at = 8;
    while (at < bytes.length) {
      const sectionAt = at;
      const id = bytes[at++];
      const size = readLeb(bytes, at);
      const bodyAt = size.at;
      const end = bodyAt + size.value;
      if (id === 5) {
        const count = readLeb(bytes, bodyAt);
        if (count.value !== 1) return undefined;
        const flags = bytes[count.at];
        if (flags !== 0 && flags !== 1) return undefined; // shared or 64-bit memory: leave it
        const min = readLeb(bytes, count.at + 1);
        const max = Math.max(min.value, Math.min(maxPages, flags === 1 ? readLeb(bytes, min.at).value : 65536));
        const body = [...leb(1), 1, ...leb(min.value), ...leb(max)];
        return Buffer.concat([bytes.subarray(0, sectionAt), Buffer.from([5, ...leb(body.length), ...body]), bytes.subarray(end)]);
      }
      at = end;
    }
    return undefined;
  }

  let pandoc;
  let memory;
  let capped = false;
  try {
    const entry = new URL(workerData.moduleUrl);
    const patched = workerData.maxPages > 0 ? capMemory(readFileSync(new URL("./pandoc.wasm", entry)), workerData.maxPages) : undefined;
    if (patched) {
      const core = await import(new URL("./core.js", entry).href);
      // core.js keeps its instance to itself; this sees its memory to tell a trap at the cap.
      const instantiate = WebAssembly.instantiate;
      WebAssembly.instantiate = async (...args) => {
        const result = await instantiate.apply(WebAssembly, args);
        memory = result.instance.exports.memory;
        return result;
      };
      const instance = await core.createPandocInstance(patched);
      WebAssembly.instantiate = instantiate;
      pandoc = instance;
      capped = true;
    } else {
      pandoc = await import(workerData.moduleUrl);
    }
  } catch (error) {
    parentPort.postMessage({ type: "fatal", message: String(error && error.message || error) });
    return;
  }
  const capBytes = workerData.maxPages * 65536;
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
      // Within 4 MiB of the cap: the allocator failed for want of memory.
      const atCap = capped && memory !== undefined && memory.buffer.byteLength + 4 * 1048576 >= capBytes;
      parentPort.postMessage({ type: "error", id: job.id, message: String(error && error.message || error), memory: atCap });
    }
  });
  parentPort.postMessage({ type: "ready", version, capped });
})();
`;
