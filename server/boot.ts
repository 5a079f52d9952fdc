import { databaseKind, getDb, migrateDb } from "@/db/client";
import { env, inngestConfigured, simulatorsEnabled } from "@/server/env.mjs";
import { formatDemoCredentials, seedDemo } from "./accounts/demo";
import { seedOperators } from "./catalog/catalog";
import { systemCtx } from "./context";
import { startEmbeddedDriver } from "./jobs/driver";
import { logger } from "./lib/logger";
import { ensureSimProviders, registerSimCallbacks } from "./providers/store";
import { seedRewardLevels } from "./rewards/award";

/** Migrations, the operator catalog, and (outside production) simulated providers and demo data. */
export async function prepareDatabase(opts: { asServer: boolean } = { asServer: true }) {
  await migrateDb();
  const db = await getDb();
  await seedOperators(db);
  await seedRewardLevels(db);
  if (simulatorsEnabled()) await ensureSimProviders(db, undefined, { updateBaseUrl: opts.asServer });
  if (env.APP_ENV !== "production") return seedDemo(await systemCtx("seed"));
  return null;
}

/**
 * Runs once per server process (instrumentation.ts): prepares the database, prints demo credentials
 * on first start, then starts the embedded background driver unless Inngest drives the work.
 */
export async function boot() {
  const creds = await prepareDatabase();
  logger.info({ database: await databaseKind(), app_env: env.APP_ENV, simulators: simulatorsEnabled(), inngest: inngestConfigured() }, "database ready");
  if (creds) process.stdout.write(formatDemoCredentials(creds));
  if (simulatorsEnabled()) registerSimCallbacks(await getDb());
  if (!inngestConfigured() && env.EMBEDDED_DRIVER === "on") startEmbeddedDriver();
}
