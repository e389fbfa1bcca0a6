/** Runs named stages, recording each one's milliseconds (the build report and `npm run bench` read them). */
import { performance } from "node:perf_hooks";

export type StageRunner = <T>(name: string, run: () => Promise<T>) => Promise<T>;

export function stageRunner({ timings, onStage }: { timings: Record<string, number>; onStage?: ((stage: string) => void) | undefined }): StageRunner {
  return async (name, run) => {
    onStage?.(name);
    const start = performance.now();
    try {
      return await run();
    } finally {
      timings[name] = Math.round((performance.now() - start) * 10) / 10;
    }
  };
}
