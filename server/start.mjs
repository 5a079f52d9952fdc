// `npm start`: Next's request handler behind a plain node:http server, so that the address our checks
// see is the socket's peer (or the hop added by TRUSTED_PROXIES proxies), never what a client wrote in
// X-Forwarded-For: `next start` keeps a client's header and drops the socket address. Configuration is
// validated before Next loads, so a bad deployment (e.g. DATABASE_URL without APP_ENV) never starts.
import { createServer } from "node:http";
import path from "node:path";
import nextEnv from "@next/env";

const dir = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
// Next reads NODE_ENV to pick its runtime, as `next start` / `next dev` set it.
process.env.NODE_ENV ??= dev ? "development" : "production";
nextEnv.loadEnvConfig(dir, dev);

let env;
try {
  ({ env } = await import("./env.mjs"));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const { markSocketAddressKnown, stampClientIp } = await import("./http/forwarded.mjs");
const { default: next } = await import("next");

const app = next({ dev, dir, port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();
markSocketAddressKnown();

const server = createServer((req, res) => {
  stampClientIp(req, env.TRUSTED_PROXIES);
  void handle(req, res);
});
server.listen(env.PORT, () => console.log(`Refill ready on http://localhost:${env.PORT}`));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
