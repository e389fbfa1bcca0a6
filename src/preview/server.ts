/**
 * The preview's HTTP server (node:http). It serves from memory only: the viewer page and its
 * assets (epub.js and JSZip from node_modules, read once), and the editions of the last good
 * build (read from the output folder after each commit, regular files only). A request is
 * looked up by its exact path in those maps, never mapped onto the disk, so `..`, `%2e%2e`,
 * absolute paths and symlinks cannot reach anything else: they are 404. A Host header that is
 * not this server's is refused (a web page elsewhere cannot reach it by DNS rebinding).
 * Server-sent events tell the open page when an edition changed or a build failed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ServedAsset {
  bytes: Uint8Array;
  mediaType: string;
  /** Extra headers (a Content-Security-Policy for the viewer page). */
  headers?: Record<string, string>;
}

export interface PreviewServer {
  readonly url: string;
  readonly port: number;
  /** Replaces what is served under /editions/ (the last good build's files). */
  setEditions(files: Map<string, ServedAsset>): void;
  /** Sends an event to every open page, and keeps it as the state a newly opened page reads. */
  publish(event: string, data: unknown): void;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export async function startServer({ host = "127.0.0.1", port = 0, assets }: { host?: string; port?: number; assets: Map<string, ServedAsset> }): Promise<PreviewServer> {
  let editions = new Map<string, ServedAsset>();
  const clients = new Set<ServerResponse>();
  const last = new Map<string, string>();
  let hostAllowed: (host: string) => boolean = () => false;

  const notFound = (res: ServerResponse) => {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
    res.end("not found\n");
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const hostHeader = (req.headers.host ?? "").toLowerCase();
    if (!hostAllowed(hostHeader)) {
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
      res.end("this preview answers only at its own address\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" });
      res.end();
      return;
    }
    // The raw path, query dropped; no decoding and no normalising: the maps hold exact paths.
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/_events") {
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
      res.write(": imprint preview\n\n");
      for (const [event, data] of last) res.write(`event: ${event}\ndata: ${data}\n\n`);
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    const file = path.startsWith("/editions/") ? editions.get(path.slice("/editions/".length)) : assets.get(path);
    if (!file) return notFound(res);
    res.writeHead(200, { "content-type": file.mediaType, "content-length": String(file.bytes.byteLength), "cache-control": "no-store", "x-content-type-options": "nosniff", ...file.headers });
    if (req.method === "HEAD") res.end();
    else res.end(file.bytes);
  }

  const server: Server = createServer(handle);
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolvePromise();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : shownHost}:${address.port}/`;
  const allowed = new Set([`${shownHost}:${address.port}`, `${host}:${address.port}`.toLowerCase(), ...[...LOOPBACK].map((h) => `${h}:${address.port}`)]);
  // Bound to other interfaces on request (--host): the user chose to be reached by any name.
  hostAllowed = LOOPBACK.has(host) ? (h) => allowed.has(h) : (h) => h.endsWith(`:${address.port}`);

  // Keep-alive comments so proxies and the browser keep the event stream open.
  const ping = setInterval(() => {
    for (const c of clients) c.write(": ping\n\n");
  }, 15_000);
  ping.unref();

  return {
    url,
    port: address.port,
    setEditions(files) {
      editions = files;
    },
    publish(event, data) {
      const json = JSON.stringify(data);
      last.set(event, json);
      for (const c of clients) c.write(`event: ${event}\ndata: ${json}\n\n`);
    },
    async close() {
      clearInterval(ping);
      for (const c of clients) c.end();
      clients.clear();
      await new Promise<void>((res) => {
        server.close(() => res());
        server.closeAllConnections();
      });
    },
  };
}
