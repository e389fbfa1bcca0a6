/** The CLI in-process, as a user runs it: its exit code and what it printed on each stream. */
import { main } from "../../src/cli/main.js";
import type { Printer } from "../../src/cli/output.js";

export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const printer: Printer = { out: (s) => void (out += s + "\n"), err: (s) => void (err += s + "\n") };
  const code = await main(argv, printer);
  return { code, out, err };
}
