// The accept path caches catalog and routing rows per process, checked against the configuration
// version its key lookup reads: a change made any way (admin verb or plain SQL) holds from the next
// request on, never later.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { verifyApiKey } from "@/server/accounts/api-keys";
import { createCommissionSlab } from "@/server/admin/catalog";
import { type Ctx, createCtx } from "@/server/context";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { createRecharge } from "./create";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine();
});
afterAll(async () => sim.close());

let seq = 0;

/** What withApiKey builds for one request: the key lookup, then the request's context. */
async function requestCtx(acct: { api_key: string; api_secret: string }): Promise<Ctx> {
  const db = await getDb();
  const key = await verifyApiKey(db, acct.api_key, acct.api_secret);
  if (!key) throw new Error("key refused");
  return { db, requestId: `req-${++seq}`, actor: { type: "api_key", keyId: key.id, accountId: key.accountId, role: key.account.type }, configVersion: key.configVersion, apiAccount: key.account };
}

const create = async (acct: { api_key: string; api_secret: string }, extra: Record<string, unknown> = {}) =>
  createRecharge({ ctx: await requestCtx(acct), input: { reference: `C-${++seq}`, phone: "01712345678", operator: "GP", amount: "20.00", allow_duplicate: true, ...extra }, options: { channel: "api" } });

describe("accept path caches", () => {
  it("a provider route, an operator and a commission slab changed by plain SQL or an admin hold from the next request", async () => {
    const acct = await makeAccount({ credit: "1000.00" });
    const db = await getDb();
    const first = await create(acct);
    expect(first).toMatchObject({ kind: "created", recharge: { commission: 20n } }); // the default 1 %

    // Every route to GP switched off by hand: the next request is refused.
    await db.execute(sql`UPDATE provider_operator_costs SET enabled = false WHERE operator_code = 'GP'`);
    await expect(create(acct)).rejects.toMatchObject({ code: "provider_unavailable" });
    await db.execute(sql`UPDATE provider_operator_costs SET enabled = true WHERE operator_code = 'GP'`);
    expect((await create(acct)).kind).toBe("created");

    // The operator switched off by hand.
    await db.execute(sql`UPDATE operators SET enabled = false WHERE code = 'GP'`);
    await expect(create(acct)).rejects.toMatchObject({ code: "invalid_operator" });
    await db.execute(sql`UPDATE operators SET enabled = true WHERE code = 'GP'`);

    // A commission slab for this account, added by an admin.
    await createCommissionSlab({ ctx: await createCtx({ type: "cli" }), input: { accountId: acct.account_id, operatorCode: "GP", minAmount: "0", maxAmount: null, rateBps: 250, flat: "0" } });
    expect(await create(acct)).toMatchObject({ kind: "created", recharge: { commission: 50n } });
    // …and its range narrowed by hand so 20.00 falls outside it: back to the default.
    await db.execute(sql`UPDATE commission_slabs SET min_amount = 5000 WHERE account_id = ${acct.account_id}`);
    expect(await create(acct)).toMatchObject({ kind: "created", recharge: { commission: 20n } });
    expect(await ledgerClean()).toEqual([]);
  });

  it("a suspended account is refused even though its key lookup is what the create reads", async () => {
    const acct = await makeAccount({ credit: "100.00" });
    expect((await create(acct)).kind).toBe("created");
    await (await getDb()).execute(sql`UPDATE accounts SET status = 'suspended' WHERE id = ${acct.account_id}`);
    await expect(create(acct)).rejects.toMatchObject({ code: "forbidden" });
  });
});
