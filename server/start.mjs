// `npm start`: Next's request handler behind a plain node:http server, so that the address our checks
// see is the socket's peer (or the hop added by TRUSTED_PROXIES proxies), never what a client wrote in
// X-Forwarded-For: `next start` keeps a client's header and drops the socket address. Configuration is
// validated before Next loads, so a bad deployment (e.g. DATABASE_URL without APP_ENV) never starts.
import cluster from "node:cluster";
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

const workers = env.WEB_CONCURRENCY;
if (workers > 1) {
  const { simulatorsEnabled } = await import("./env.mjs");
  const refusal = !env.DATABASE_URL
    ? "the embedded database belongs to one process: set DATABASE_URL"
    : simulatorsEnabled() && !env.SIM_BASE_URL
      ? "the in-process simulators keep their orders in one process: run them as their own (`npm run sim`, SIM_BASE_URL) or set SIMULATOR=off"
      : null;
  if (refusal) {
    console.error(`Refusing to start WEB_CONCURRENCY=${workers} processes: ${refusal}.`);
    process.exit(1);
  }
}
if (workers > 1 && cluster.isPrimary) {
  await runPrimary(workers);
} else {
  await serve();
}

/**
 * Several processes on one port (node:cluster: this one accepts connections and hands them out in
 * turn). The first worker prepares the database (migrations, catalog) alone; the others start once it
 * serves. A worker that dies is replaced; on SIGINT/SIGTERM each worker drains and stops. If this
 * process dies, its workers see the channel close and exit (node:cluster's own rule).
 */
async function runPrimary(count) {
  let stopping = false;
  const fork = () =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      worker.once("listening", () => resolve(worker));
      worker.once("exit", (code, signal) => reject(new Error(`worker exited (${signal ?? code}) before serving`)));
    });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`Refill worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork().catch((error) => console.error(error.message));
  });
  try {
    await fork();
    await Promise.all(Array.from({ length: count - 1 }, fork));
  } catch (error) {
    console.error(`Refusing to serve: ${error.message}`);
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
    process.exit(1);
  }
  console.log(`Refill ready on http://localhost:${env.PORT} (${count} processes)`);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter(Boolean);
      if (alive.length === 0) process.exit(0);
      let left = alive.length;
      for (const worker of alive) {
        worker.once("exit", () => --left === 0 && process.exit(0));
        worker.process.kill("SIGTERM");
      }
      setTimeout(() => process.exit(0), 6000).unref();
    });
  }
}

async function serve() {
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
  server.listen(env.PORT, () => {
    if (cluster.isPrimary) console.log(`Refill ready on http://localhost:${env.PORT}`);
  });

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}
