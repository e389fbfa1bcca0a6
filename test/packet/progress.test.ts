/** Progress: a bar on a terminal, plain lines when not on one or under CI. */
import { describe, expect, it } from "vitest";
import { progressReporter, type PacketProgressEvent } from "../../src/packet/progress.js";

const events: PacketProgressEvent[] = [
  { kind: "start", items: 2, editions: 3 },
  { kind: "item-converted", item: "one", cached: false },
  { kind: "item-converted", item: "two", cached: true },
  { kind: "edition-rendered", name: "one.html", cached: false },
  { kind: "done" },
];

function run({ isTTY, env }: { isTTY: boolean; env: NodeJS.ProcessEnv }): string {
  let text = "";
  const report = progressReporter({ stream: { isTTY, write: (s: string) => void (text += s) }, env });
  for (const e of events) report(e);
  return text;
}

describe("packet progress", () => {
  it("prints plain lines when not on a terminal", () => {
    const text = run({ isTTY: false, env: {} });
    expect(text).toMatch(/^packet: 2 items, 3 editions\nconverted 1\/2 one \[\d+\.\d s\]\nconverted 2\/2 two \(cached\) \[\d+\.\d s\]\nrendered 1\/3 one\.html \[\d+\.\d s\]\ndone in \d+\.\d s\n$/);
  });

  it("prints plain lines under CI even on a terminal", () => {
    expect(run({ isTTY: true, env: { CI: "true" } })).toMatch(/^packet: 2 items/);
  });

  it("draws a bar with items, editions, elapsed and ETA on a terminal", () => {
    const text = run({ isTTY: true, env: {} });
    expect(text).toContain("items converted 2/2");
    expect(text).toContain("editions rendered 1/3");
    expect(text).toMatch(/elapsed, ETA/);
  });
});
