// db/patches/postgres+3.4.9.patch: postgres.js must fail a query sent on a connection that has died,
// never leave it pending. A CI fault run (Postgres out of connections, the app's connections cut) once
// left the background sweep awaiting forever; a query sent inside a transaction after its connection
// was terminated was written to a closed socket, dropped, and never settled.
import postgres from "postgres";
import { describe, expect, it } from "vitest";

const sleep = (ms: number) => new Promise<string>((r) => setTimeout(() => r("still pending"), ms));

describe("postgres.js on a dead connection (patched)", () => {
  it("a query sent in a transaction after its connection was terminated fails instead of hanging", async () => {
    const url = process.env.DATABASE_URL!;
    const client = postgres(url, { max: 1, onnotice: () => {} });
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    let late: Promise<string> | undefined;
    try {
      await client
        .begin(async (tx) => {
          const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
          await admin`select pg_terminate_backend(${pid})`;
          await new Promise((r) => setTimeout(r, 300)); // the socket has closed by now
          late = tx`select 1`.then(
            () => "answered",
            () => "failed",
          );
          await late;
        })
        .catch(() => {}); // begin() itself fails as soon as the connection closes; its callback runs on
      for (let i = 0; i < 50 && !late; i++) await new Promise((r) => setTimeout(r, 20));
      expect(late).toBeDefined();
      expect(await Promise.race([late!, sleep(3000)])).toBe("failed");
      // The pool carries on with a new connection.
      expect((await client`select 2 as two`)[0].two).toBe(2);
    } finally {
      await client.end({ timeout: 1 });
      await admin.end({ timeout: 1 });
    }
  });
});
