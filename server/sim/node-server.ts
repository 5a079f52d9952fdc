// Serves the simulators from a bare node http server: the standalone simulator (`npm run sim`,
// server/sim/main.ts), and tests that need real sockets (timeouts, refused connections) without
// booting Next. Mirrors what app/api/sim/[...path]/route.ts does.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dispatchSim } from "@/server/sim";

export type SimServer = { origin: string; port: number; close: () => Promise<void> };

async function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else if (value !== undefined) headers.set(key, value);
  }
  const method = req.method ?? "GET";
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    body = new Uint8Array(Buffer.concat(chunks));
  }
  return new Request(new URL(req.url ?? "/", origin), { method, headers, body, signal });
}

async function handle(req: IncomingMessage, res: ServerResponse, origin: string) {
  // Like Next, abort the request's signal when the client goes away, so a held 004 answer ends.
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  try {
    const request = await toRequest(req, origin, controller.signal);
    const { pathname } = new URL(request.url);
    const prefix = "/api/sim/";
    const response = pathname.startsWith(prefix)
      ? await dispatchSim(request, pathname.slice(prefix.length).split("/").filter(Boolean).map(decodeURIComponent))
      : new Response("not found", { status: 404 });
    if (controller.signal.aborted || res.destroyed) return;
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (err) {
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(err));
    }
  }
}

/** Listens on `port` (0, the default: any free port) of `host` (default 127.0.0.1). */
export async function startSimServer(opts: { port?: number; host?: string } = {}): Promise<SimServer> {
  let origin = "";
  const host = opts.host ?? "127.0.0.1";
  const server = createServer((req, res) => void handle(req, res, origin));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  return {
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
