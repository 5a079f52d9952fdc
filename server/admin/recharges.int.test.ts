import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { createCtx } from "@/server/context";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import type { SimServer } from "@/server/sim/node-server";
import { createCaller } from "@/server/trpc/root";
import { ledgerClean, settleOrder, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { listAllRecharges, rechargeDetail } from "./recharges";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
afterEach(async () => expect(await ledgerClean()).toEqual([]));

async function adminCaller() {
  return createCaller({ session: { user: { id: "usr_admin", email: "a@x.test", name: "A", role: "admin", accountId: null }, expires: "" }, requestId: "req-test", db: await getDb() });
}

describe("admin recharges", () => {
  it("lists every account's orders with owner names, shows the detail, and refunds with a reason", async () => {
    const acct = await makeAccount({ credit: "100.00" });
    const ctx = await createCtx({ type: "api_key", keyId: "key_t", accountId: acct.account_id, role: "merchant" });
    const created = await createRecharge({ ctx, input: { reference: "ADM-1", phone: "01712345678", operator: "GP", amount: "20.00" }, options: { channel: "api" } });
    if (created.kind !== "created") throw new Error(created.kind);
    await driveRecharge(await createCtx({ type: "system", name: "t" }), created.recharge.id);
    expect((await settleOrder(created.recharge.id)).status).toBe("succeeded");

    const admin = await createCtx({ type: "cli" });
    const list = await listAllRecharges(admin, { accountId: acct.account_id });
    expect(list.data).toEqual([expect.objectContaining({ id: created.recharge.id, account_name: "Test Co", status: "succeeded", provider: "alpha", amount: "20.00" })]);
    const detail = await rechargeDetail(admin, created.recharge.id);
    expect(detail.timeline.map((t) => t.status)).toEqual(["held", "submitting", "succeeded"]);
    expect(detail.providerCalls[0]).toMatchObject({ operation: "submit", outcome: "succeeded", id: expect.any(String) });

    const caller = await adminCaller();
    await expect(caller.admin.recharges.refund({ id: created.recharge.id, reason: "" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const refunded = await caller.admin.recharges.refund({ id: created.recharge.id, reason: "Customer never got it" });
    expect(refunded.status).toBe("refunded");
    const after = await rechargeDetail(admin, created.recharge.id);
    expect(after.actions).toEqual([expect.objectContaining({ action: "recharge.refund", details: expect.objectContaining({ reason: "Customer never got it" }) })]);
    const balance = await caller.admin.accounts.get({ id: acct.account_id });
    expect(balance.available).toBe("100.00"); // 100 − 20 + 0.20 commission, then the refund returns 20 and claws back the commission
    await expect(caller.admin.recharges.refund({ id: "rch_nope", reason: "whatever" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
