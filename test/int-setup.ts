// Runs before every integration test file: a fresh database cloned from the migrated template,
// dropped when the file ends. Sets DATABASE_URL before any product module reads its config.
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { databaseUrl, withAdmin } from "./pg";

const template = inject("templateDb");
const name = `refill_t_${randomBytes(5).toString("hex")}`;
await withAdmin((sql) => sql.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`));
process.env.DATABASE_URL = databaseUrl(name);
process.env.APP_ENV = "test";
// Simulator control is never anonymous (API.md §7); tests control the simulators with this token.
process.env.SIM_CONTROL_TOKEN ??= "int-test-sim-control-token";
process.env.LOG_LEVEL ??= "error";
// The production bounds on lock and statement waits (a 503 past them) are the fault suite's to
// prove; here they would only turn a slow, busy test machine into false failures of tests that
// prove other things (e.g. 200 holds racing for one wallet row).
process.env.DB_LOCK_TIMEOUT_MS ??= "60000";
process.env.DB_STATEMENT_TIMEOUT_MS ??= "60000";

afterAll(async () => {
  const { closeDb } = await import("@/db/client");
  await closeDb();
  await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});
