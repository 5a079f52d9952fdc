// Playwright's web server: a fresh local database, then the production build on it (which migrates
// and seeds the demo accounts on boot). Refuses a non-local database.
import { spawn } from "node:child_process";
import postgres from "postgres";

const admin = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const host = new URL(admin).hostname;
if (!["127.0.0.1", "localhost", "::1"].includes(host)) throw new Error(`Refusing to run e2e against non-local database ${host}`);
const name = process.env.E2E_DATABASE ?? "refill_e2e";
const sql = postgres(admin, { max: 1, onnotice: () => {} });
await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await sql.unsafe(`CREATE DATABASE ${name}`);
await sql.end();
const url = new URL(admin);
url.pathname = `/${name}`;
const port = process.env.PORT ?? "3210";
// The same start script as `npm start` (client addresses from the socket, configuration checked first).
// Every spec signs in from 127.0.0.1, like a whole office behind one address: the per-address sign-in
// budget counts failed attempts only, so the production defaults hold here too.
const child = spawn(process.execPath, ["server/start.mjs"], {
  stdio: "inherit",
  env: { ...process.env, PORT: port, DATABASE_URL: url.toString(), NEXTAUTH_URL: `http://localhost:${port}`, APP_ENV: "development" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
