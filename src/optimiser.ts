/**
 * V8's optimising compiler (TurboFan) for a one-shot build. A typical book builds in about a
 * second; TurboFan's background compiles then cost more CPU than the optimised code saves (about
 * 15 % of the whole process's CPU and 8 % of the wall time for the seed's three editions, on two
 * cores), so `imprint build` starts without it and turns it back on once the text proves long
 * enough to profit (a 150-page book builds as fast either way; an 800-page one is ~15 % slower
 * without). Long-running commands (preview, --watch, packets) never turn it off.
 * `npm run bench` measures both ends; see the README's "Speed".
 */
import { setFlagsFromString } from "node:v8";

/** Manuscript text (UTF-16 code units) above which the build turns the optimiser back on. */
export const OPTIMISE_ABOVE_CHARS = 256 * 1024;

let deferred = false;

/** Called by a one-shot command before it starts its work. */
export function deferOptimiser(): void {
  if (deferred) return;
  setFlagsFromString("--no-opt");
  deferred = true;
}

/** Turns the optimiser back on for a long text, when a command deferred it; otherwise does nothing. */
export function optimiseForText({ chars }: { chars: number }): boolean {
  if (!deferred || chars <= OPTIMISE_ABOVE_CHARS) return false;
  setFlagsFromString("--opt");
  deferred = false;
  return true;
}

/** Whether the optimiser is off for now (tests). */
export function optimiserDeferred(): boolean {
  return deferred;
}
