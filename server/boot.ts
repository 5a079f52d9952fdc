import { databaseKind, migrateDb } from "@/db/client";
import { env } from "@/server/env.mjs";
import { systemCtx } from "./context";
import { formatDemoCredentials, seedDemo } from "./accounts/demo";
import { logger } from "./lib/logger";

/**
 * Runs once per server process (instrumentation.ts): applies pending migrations, seeds demo data
 * outside production, then starts the embedded background driver.
 */
export async function boot() {
  await migrateDb();
  logger.info({ database: await databaseKind(), app_env: env.APP_ENV }, "database ready");
  if (env.APP_ENV !== "production") {
    const creds = await seedDemo(await systemCtx("seed"));
    if (creds) process.stdout.write(formatDemoCredentials(creds));
  }
}
