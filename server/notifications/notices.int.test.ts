import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAdminUser } from "@/server/accounts/accounts";
import { raiseComplaint, resolveComplaint } from "@/server/complaints/complaints";
import { createCtx } from "@/server/context";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import { refundRecharge } from "@/server/recharge/manage";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, settleOrder, startEngine } from "@/test/engine";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { listNotices, markNoticesRead } from "./notices";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

let seq = 0;
async function order(ctx: Awaited<ReturnType<typeof createCtx>>, phone: string, amount = "50.00") {
  const result = await createRecharge({ ctx, input: { reference: `N-${++seq}-${Date.now()}`, phone, amount, allow_duplicate: true }, options: { channel: "web" } });
  if (result.kind !== "created") throw new Error(result.kind);
  await driveRecharge(await createCtx({ type: "system", name: "test" }), result.recharge.id);
  return settleOrder(result.recharge.id);
}

describe("notices", () => {
  it("a reversal, an admin refund and an answered complaint each reach the retailer once, until dismissed", async () => {
    const acct = await makeAccount({ type: "retailer", credit: "500.00" });
    const ctx = await createCtx({ type: "user", userId: acct.user_id, role: "retailer", accountId: acct.account_id });
    const start = new Date(Date.now() - 1000);
    expect(await listNotices({ ctx, input: { since: start } })).toEqual([]);

    // …005 succeeds, then the operator reverses it (the reversal check runs later).
    const reversed = await order(ctx, "01712345005");
    expect(reversed.status).toBe("reversed");
    const refunded = await order(ctx, "01712345678", "40.00");
    await refundRecharge({ ctx: await cliCtx(), input: { id: refunded.id, reason: "duplicate sale" } });
    const disputed = await order(ctx, "01712345679", "30.00");
    const complaint = await raiseComplaint({ ctx, input: { rechargeId: disputed.id, kind: "not_received", message: "Nothing arrived." } });
    const admin = await createAdminUser({ ctx: await cliCtx(), input: { email: `admin-n-${Date.now()}@example.test`, password: "password-123" } });
    const adminCtx = await createCtx({ type: "user", userId: admin.user_id, role: "admin", accountId: null });
    await resolveComplaint({ ctx: adminCtx, input: { id: complaint.id, outcome: "refund", note: "The operator confirmed the failure." } });

    const notices = await listNotices({ ctx, input: { since: start } });
    expect(notices.map((n) => [n.kind, n.rechargeId])).toEqual([
      ["complaint_refunded", disputed.id],
      ["refunded", refunded.id],
      ["reversed", reversed.id],
    ]);
    expect(notices[0].body).toContain("30.00 BDT is back in your balance");
    expect(notices[0].body).toContain("The operator confirmed the failure.");
    expect(notices[2].body).toContain(reversed.reference);

    // Opened in one browser: read in the next one (a new session of the same user), the others still new.
    expect(notices.every((n) => !n.read)).toBe(true);
    expect(await markNoticesRead({ ctx, input: { ids: [notices[0].id] } })).toEqual([notices[0].id]);
    expect(await markNoticesRead({ ctx, input: { ids: [notices[0].id] } })).toEqual([notices[0].id]);
    const again = await listNotices({ ctx: await createCtx({ type: "user", userId: acct.user_id, role: "retailer", accountId: acct.account_id }) });
    expect(again.map((n) => [n.id, n.read])).toEqual([
      [notices[0].id, true],
      [notices[1].id, false],
      [notices[2].id, false],
    ]);

    // Dismissed up to the newest: nothing until something new happens; another account sees none.
    expect(await listNotices({ ctx, input: { since: notices[0].at } })).toEqual([]);
    const other = await makeAccount({ type: "retailer" });
    const otherCtx = await createCtx({ type: "user", userId: other.user_id, role: "retailer", accountId: other.account_id });
    expect(await listNotices({ ctx: otherCtx, input: {} })).toEqual([]);
    // Another account cannot mark this one's notices (nor store made-up ids).
    expect(await markNoticesRead({ ctx: otherCtx, input: { ids: [notices[1].id, "evt:made-up"] } })).toEqual([]);
    expect((await listNotices({ ctx })).find((n) => n.id === notices[1].id)?.read).toBe(false);
    await expect(markNoticesRead({ ctx, input: { ids: [] } })).rejects.toMatchObject({ message: "Say which notice was opened." });
  });
});
