import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { databaseUrl, withAdmin } from "./pg";

/** Migrates one template database per run; every test file clones it (CREATE DATABASE … TEMPLATE). */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const template = `refill_tpl_${process.pid}`;
  await withAdmin(async (sql) => {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${template}`);
    await sql.unsafe(`CREATE DATABASE ${template}`);
  });
  const client = postgres(databaseUrl(template), { max: 1, onnotice: () => {} });
  await migrate(drizzle(client), { migrationsFolder: "db/migrations" });
  await client.end();
  provide("templateDb", template);
  return async () => {
    await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
