/**
 * Progress of a packet build: a cli-progress bar on a terminal (items converted, editions
 * rendered, elapsed, estimated time left), plain lines when stderr is not a TTY or CI is set, so
 * logs stay readable. Builds call `onProgress` with events; this turns them into output.
 */
import cliProgress from "cli-progress";

export type PacketProgressEvent =
  | { kind: "start"; items: number; editions: number }
  | { kind: "item-converted"; item: string; cached: boolean }
  | { kind: "edition-rendered"; name: string; cached: boolean }
  | { kind: "stage"; stage: string }
  | { kind: "done" };

export interface ProgressOutput {
  write(text: string): void;
  isTTY?: boolean;
}

export function progressReporter({ stream = process.stderr as ProgressOutput, env = process.env }: { stream?: ProgressOutput; env?: NodeJS.ProcessEnv } = {}): (event: PacketProgressEvent) => void {
  const interactive = Boolean(stream.isTTY) && !env.CI;
  let items = 0;
  let editions = 0;
  let converted = 0;
  let rendered = 0;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (!interactive) {
    return (event) => {
      switch (event.kind) {
        case "start":
          [items, editions] = [event.items, event.editions];
          stream.write(`packet: ${items} item${items === 1 ? "" : "s"}, ${editions} edition${editions === 1 ? "" : "s"}\n`);
          break;
        case "item-converted":
          stream.write(`converted ${++converted}/${items} ${event.item}${event.cached ? " (cached)" : ""} [${elapsed()}]\n`);
          break;
        case "edition-rendered":
          stream.write(`rendered ${++rendered}/${editions} ${event.name}${event.cached ? " (cached)" : ""} [${elapsed()}]\n`);
          break;
        case "stage":
          stream.write(`${event.stage}… [${elapsed()}]\n`);
          break;
        case "done":
          stream.write(`done in ${elapsed()}\n`);
      }
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: "{bar} {value}/{total} | items converted {converted}/{items} | editions rendered {rendered}/{editions} | {duration_formatted} elapsed, ETA {eta_formatted} | {stage}", hideCursor: true, clearOnComplete: true, stream: stream as unknown as NodeJS.WritableStream, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => ({ converted, items, rendered, editions });
  return (event) => {
    switch (event.kind) {
      case "start":
        [items, editions] = [event.items, event.editions];
        bar.start(items + editions, 0, { ...payload(), stage: "converting" });
        break;
      case "item-converted":
        converted++;
        bar.increment(1, payload());
        break;
      case "edition-rendered":
        rendered++;
        bar.increment(1, payload());
        break;
      case "stage":
        bar.update({ ...payload(), stage: event.stage });
        break;
      case "done":
        bar.stop();
    }
  };
}
