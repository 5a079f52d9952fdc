// `npm run sim`: the simulated providers as their own process (API.md §7), on SIM_PORT, with their
// orders and controls journalled under SIM_DATA_DIR so they survive restarts of the app and of the
// simulator. Point the app at it with SIM_BASE_URL=http://127.0.0.1:<SIM_PORT>.
import { env } from "@/server/env.mjs";
import { logger } from "@/server/lib/logger";
import { openJournal } from "@/server/sim/journal";
import { startSimServer } from "@/server/sim/node-server";

const journal = openJournal(env.SIM_DATA_DIR);
const server = await startSimServer({ port: env.SIM_PORT, host: env.SIM_HOST });
logger.info({ origin: server.origin, dataDir: env.SIM_DATA_DIR, orders: journal.orders }, "simulator listening");

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "simulator stopping");
  await server.close();
  journal.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
