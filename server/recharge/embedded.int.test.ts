// The embedded default: no DATABASE_URL, so the product runs on PGlite under DATA_DIR. The same
// migrations, the same verbs, a recharge reaching a simulated provider over real HTTP and coming back.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "refill-pglite-"));
delete process.env.DATABASE_URL;
process.env.DATA_DIR = dataDir;

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it("a recharge created through the domain verb comes back final on the embedded database", async () => {
  const { databaseKind, getDb, migrateDb } = await import("@/db/client");
  const { startEngine, settleOrder, ledgerClean } = await import("@/test/engine");
  const { makeAccount } = await import("@/test/fixtures");
  const { createCtx } = await import("@/server/context");
  const { createRecharge } = await import("./create");
  const { driveRecharge } = await import("./advance");

  await migrateDb();
  expect(await databaseKind()).toBe("pglite");
  const sim = await startEngine();
  try {
    const acct = await makeAccount({ credit: "100.00" });
    // The API's own key lookup (it also counts the rate limit), and the context withApiKey builds from it.
    const { verifyApiKey } = await import("@/server/accounts/api-keys");
    const key = await verifyApiKey(await getDb(), acct.api_key, acct.api_secret, { rateLimit: { limit: 5, windowSeconds: 60 } });
    expect(key).toMatchObject({ account: { walletId: acct.wallet_id, status: "active" }, rateLimit: { allowed: true, remaining: 4 } });
    const ctx = { ...(await createCtx({ type: "api_key", keyId: key!.id, accountId: acct.account_id, role: "merchant" })), configVersion: key!.configVersion, apiAccount: key!.account };
    const created = await createRecharge({ ctx, input: { reference: "EMB-1", phone: "01712345002", operator: "GP", amount: "20.00" }, options: { channel: "api" } });
    if (created.kind !== "created") throw new Error("expected a new order");
    await driveRecharge(await createCtx({ type: "system", name: "test" }), created.recharge.id);
    const done = await settleOrder(created.recharge.id);
    expect(done.status).toBe("succeeded");
    const { wallets } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, acct.wallet_id));
    expect(w.available).toBe(8_020n);
    expect(await ledgerClean()).toEqual([]);
  } finally {
    await sim.close();
  }
  // PGlite migrates and runs in this process, single-threaded: on a busy shared machine it needs more
  // than the suite's default minute.
}, 180_000);
