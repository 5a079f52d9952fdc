// A bare node HTTP server in front of App Router handlers, for tests where a simulator must reach the
// app over a real socket (provider callbacks) without booting Next.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Route = { pattern: RegExp; handler: (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response> };

export async function startAppServer(routes: Route[]) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    for (const route of routes) {
      const m = route.pattern.exec(url.pathname);
      if (!m || req.method !== "POST") continue;
      const request = new Request(url, { method: "POST", headers, body: new Uint8Array(Buffer.concat(chunks)) });
      const response = await route.handler(request, { params: Promise.resolve({ ...m.groups }) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}
