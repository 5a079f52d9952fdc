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

afterAll(async () => {
  const { closeDb } = await import("@/db/client");
  await closeDb();
  await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});
