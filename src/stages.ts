/**
 * Runs named stages, recording each one's milliseconds (the build report and `npm run bench` read
 * them). IMPRINT_TRACE=1 also prints each stage's start and end, in milliseconds since the
 * process started, to stderr: the build report's sums hide which stages overlap.
 */
import { performance } from "node:perf_hooks";

export type StageRunner = <T>(name: string, run: () => Promise<T>) => Promise<T>;

const tracing = process.env.IMPRINT_TRACE === "1";
/** Prints one moment (IMPRINT_TRACE=1), for work that is not a stage of its own (the cover's drawing). */
export const trace = (what: string): void => {
  if (tracing) process.stderr.write(`imprint: trace ${performance.now().toFixed(1).padStart(7)} ms ${what}\n`);
};

export function stageRunner({ timings, onStage }: { timings: Record<string, number>; onStage?: ((stage: string) => void) | undefined }): StageRunner {
  return async (name, run) => {
    onStage?.(name);
    const start = performance.now();
    trace(`${name} starts`);
    try {
      return await run();
    } finally {
      timings[name] = Math.round((performance.now() - start) * 10) / 10;
      trace(`${name} ends (${timings[name]} ms)`);
    }
  };
}
