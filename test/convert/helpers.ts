/** Shared inputs and backends for the convert tests. */
import { afterAll, beforeAll } from "vitest";
import { createNativePandoc, createWasmPandoc, type PandocBackend } from "../../src/convert/index.js";

/** 20 lines that send pandoc's Markdown reader into exponential time (2.17: > 120 s). */
export const HARD_INPUT = `${Array.from({ length: 20 }, () => "[a.__b__]").join("\n")}\n`;

/** Both pandoc backends, started before the file's tests and closed after them. */
export function bothBackends(): Record<"native" | "wasm", PandocBackend> {
  const backends = {} as Record<"native" | "wasm", PandocBackend>;
  beforeAll(async () => {
    backends.native = await createNativePandoc();
    backends.wasm = await createWasmPandoc();
  });
  afterAll(async () => {
    await Promise.all(Object.values(backends).map((b) => b.close()));
  });
  return backends;
}
