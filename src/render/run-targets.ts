/**
 * The chosen targets rendered side by side, each as soon as what it uses is ready. A target that
 * uses the print edition's page starts (the EPUB's page-list) begins on the starts the print
 * engine reports once typst has laid the book out, and the engine finishes its PDF (the page
 * ends read back, pdf-lib's outline) only once those targets are put together, so their checks
 * run in their own thread beside it: an 800-page book's EPUB and its check had waited 1.9 s for
 * the PDF, then ~1 s for pdf-lib on the same thread. If the final starts differ (a paragraph set
 * again without a hyphen at a page end moved a page), the user renders again with them; only the
 * final result is returned.
 */
import type { Format } from "../formats.js";
import type { PageStart } from "./types.js";
import type { Target, TargetInput, TargetResult } from "./targets.js";

export interface TargetRun {
  target: Target;
  result: TargetResult;
  ms: number;
}

export interface RunTargetsOptions {
  targets: readonly Target[];
  input: Omit<TargetInput, "pageStarts" | "onPageStarts">;
  /** Renders one target (default: `target.render`); the build wraps it with its stage timer and cache. */
  render?: (input: { target: Target; input: TargetInput }) => Promise<TargetResult>;
  /**
   * Each result as it is made, before the others finish (the EPUB's check starts here). A target
   * rendered on provisional page starts may be rendered again: the last call for a format is the
   * returned result.
   */
  onRendered?: (input: { format: Format; result: TargetResult }) => void;
}

const samePageStarts = (a: PageStart[] | undefined, b: PageStart[] | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Results in the targets' order, whatever finished first. */
export async function runTargets({ targets, input, render = ({ target, input: i }) => target.render(i), onRendered }: RunTargetsOptions): Promise<TargetRun[]> {
  const provides = targets.some((t) => t.provides.includes("pageStarts"));
  let giveFirst: (starts: PageStart[] | undefined) => void = () => undefined;
  let giveFinal: (starts: PageStart[] | undefined) => void = () => undefined;
  const firstStarts = provides ? new Promise<PageStart[] | undefined>((resolve) => (giveFirst = resolve)) : Promise.resolve(undefined);
  const finalStarts = provides ? new Promise<PageStart[] | undefined>((resolve) => (giveFinal = resolve)) : Promise.resolve(undefined);

  // The targets that use the page starts, each rendered once on the first ones: the provider may
  // wait for them before finishing on this thread (their checks then start sooner).
  let waiting = targets.filter((t) => !t.provides.includes("pageStarts") && t.uses.includes("pageStarts")).length;
  let dependentsSettled: () => void = () => undefined;
  const dependentsRendered = waiting === 0 ? Promise.resolve() : new Promise<void>((resolve) => (dependentsSettled = resolve));
  const settledOne = (): void => {
    if (--waiting === 0) dependentsSettled();
  };

  const once = async (target: Target, pageStarts: PageStart[] | undefined): Promise<TargetRun> => {
    const start = performance.now();
    const result = await render({ target, input: { ...input, ...(pageStarts ? { pageStarts } : {}), ...(target.provides.includes("pageStarts") ? { onPageStarts: (s: PageStart[]) => giveFirst(s), dependentsRendered } : {}) } });
    onRendered?.({ format: target.format, result });
    return { target, result, ms: Math.round(performance.now() - start) };
  };

  return Promise.all(targets.map(async (target): Promise<TargetRun> => {
    if (target.provides.includes("pageStarts")) {
      try {
        const run = await once(target, undefined);
        giveFirst(run.result.pageStarts);
        giveFinal(run.result.pageStarts);
        return run;
      } finally {
        // A print edition that threw still lets the EPUB go on (without a page list) before the error surfaces.
        giveFirst(undefined);
        giveFinal(undefined);
      }
    }
    if (!target.uses.includes("pageStarts")) {
      // The print engine's start (its book data prepared and handed to typst) goes first: run
      // before it, the packet's HTML edition (~0.2–0.4 s on this thread) held typst back as long.
      if (provides) await new Promise((resolve) => setImmediate(resolve));
      return once(target, undefined);
    }
    // What it can do without them (the EPUB's documents) is done while the provider typesets,
    // after the provider's start (as above).
    if (provides && target.draft) {
      await new Promise((resolve) => setImmediate(resolve));
      await target.draft(input).catch(() => undefined);
    }
    const first = await firstStarts;
    const run = await once(target, first).finally(settledOne);
    const final = await finalStarts;
    if (samePageStarts(first, final)) return run;
    const again = await once(target, final);
    return { ...again, ms: run.ms + again.ms };
  }));
}
