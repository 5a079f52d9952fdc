import { formatAmount } from "@/server/lib/money";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, wallets } from "@/db/schema";
import { createAdminUser } from "@/server/accounts/accounts";
import { createCtx } from "@/server/context";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, settleOrder, startEngine } from "@/test/engine";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { listComplaints, listMyComplaints, raiseComplaint, resolveComplaint } from "./complaints";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

let seq = 0;
async function retailer(credit = "1000.00") {
  const acct = await makeAccount({ credit, type: "retailer" });
  const ctx = await createCtx({ type: "user", userId: acct.user_id, role: "retailer", accountId: acct.account_id });
  return { acct, ctx };
}

async function settled(ctx: Awaited<ReturnType<typeof retailer>>["ctx"], phone: string, amount = "50.00") {
  const result = await createRecharge({ ctx, input: { reference: `CMP-${++seq}-${Date.now()}`, phone, amount, allow_duplicate: true }, options: { channel: "web" } });
  if (result.kind !== "created") throw new Error(result.kind);
  await driveRecharge(await createCtx({ type: "system", name: "test" }), result.recharge.id);
  return settleOrder(result.recharge.id);
}

async function available(walletId: string) {
  const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, walletId));
  return w.available;
}

let adminCtx: Awaited<ReturnType<typeof createCtx>>;
beforeAll(async () => {
  const admin = await createAdminUser({ ctx: await cliCtx(), input: { email: `admin-${Date.now()}@example.test`, password: "password-123" } });
  adminCtx = await createCtx({ type: "user", userId: admin.user_id, role: "admin", accountId: null });
});

describe("complaints", () => {
  it("a retailer disputes a succeeded recharge once; an admin refunds it and the note reaches the retailer", async () => {
    const { acct, ctx } = await retailer();
    const r = await settled(ctx, "01712345678");
    expect(r.status).toBe("succeeded");
    const before = await available(acct.wallet_id);

    const raised = await raiseComplaint({ ctx, input: { rechargeId: r.id, kind: "not_received", message: "Customer says nothing arrived." } });
    expect(raised).toMatchObject({ status: "open", kind: "not_received", recharge_id: r.id, recharge: { status: "succeeded", amount: "50.00" } });
    await expect(raiseComplaint({ ctx, input: { rechargeId: r.id, message: "Again please" } })).rejects.toMatchObject({ code: "conflict" });

    const queue = await listComplaints({ ctx: adminCtx, input: { status: "open" } });
    expect(queue.data.find((c) => c.id === raised.id)).toMatchObject({ account_id: acct.account_id, account_name: "Test Co" });
    // The admin's refund dialog states the exact amount that will come back (checked against the wallet below).
    const refund = queue.data.find((c) => c.id === raised.id)!.refund!;
    expect(refund).toMatchObject({ amount: "50.00", cashback: "0.00" });

    await expect(resolveComplaint({ ctx, input: { id: raised.id, outcome: "refund", note: "nope" } })).rejects.toMatchObject({ code: "forbidden" });
    const resolved = await resolveComplaint({ ctx: adminCtx, input: { id: raised.id, outcome: "refund", note: "Refunded after checking with the operator." } });
    expect(resolved).toMatchObject({ status: "refunded", resolution_note: "Refunded after checking with the operator.", recharge: { status: "refunded" } });
    // The whole amount comes back, less the commission earned on it (reversed with the capture):
    // the wallet is exactly where it was before the recharge.
    expect(r.commission).toBeGreaterThan(0n);
    expect(before).toBe(100_000n - 5_000n + r.commission);
    expect(await available(acct.wallet_id)).toBe(100_000n);
    expect((await available(acct.wallet_id)) - before).toBe(5_000n - r.commission);
    expect(refund.net).toBe(formatAmount(5_000n - r.commission, "BDT"));

    const mine = await listMyComplaints({ ctx });
    expect(mine.data).toHaveLength(1);
    expect(mine.data[0]).toMatchObject({ status: "refunded", resolution_note: "Refunded after checking with the operator." });
    await expect(resolveComplaint({ ctx: adminCtx, input: { id: raised.id, outcome: "reject", note: "Changed my mind" } })).rejects.toMatchObject({ code: "conflict" });

    const audit = await (await getDb()).select().from(auditLog).where(eq(auditLog.targetId, raised.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["complaint.raise", "complaint.refund"]);
  });

  it("a rejection moves no money, and a new complaint may be opened after it", async () => {
    const { acct, ctx } = await retailer();
    const r = await settled(ctx, "01712345679", "30.00");
    const raised = await raiseComplaint({ ctx, input: { rechargeId: r.id, kind: "wrong_amount", message: "Customer wanted 20." } });
    const before = await available(acct.wallet_id);
    const rejected = await resolveComplaint({ ctx: adminCtx, input: { id: raised.id, outcome: "reject", note: "The operator confirms delivery to the customer." } });
    expect(rejected).toMatchObject({ status: "rejected", recharge: { status: "succeeded" } });
    expect(await available(acct.wallet_id)).toBe(before);
    await expect(raiseComplaint({ ctx, input: { rechargeId: r.id, message: "Still not received." } })).resolves.toMatchObject({ status: "open" });
  });

  it("refuses failed recharges, other accounts' recharges, blank messages and paging past the end", async () => {
    const { ctx } = await retailer();
    const failed = await settled(ctx, "01712345001");
    expect(failed.status).toBe("failed");
    await expect(raiseComplaint({ ctx, input: { rechargeId: failed.id, message: "Not received" } })).rejects.toMatchObject({ code: "conflict" });

    const other = await retailer();
    const theirs = await settled(other.ctx, "01712345677");
    await expect(raiseComplaint({ ctx, input: { rechargeId: theirs.id, message: "Not received" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(raiseComplaint({ ctx: other.ctx, input: { rechargeId: theirs.id, message: " " } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(listComplaints({ ctx })).rejects.toMatchObject({ code: "forbidden" });

    for (const phone of ["01712345611", "01712345612", "01712345613"]) {
      const r = await settled(other.ctx, phone);
      await raiseComplaint({ ctx: other.ctx, input: { rechargeId: r.id, message: "Not received" } });
    }
    const first = await listMyComplaints({ ctx: other.ctx, input: { limit: 2 } });
    expect(first.data).toHaveLength(2);
    const second = await listMyComplaints({ ctx: other.ctx, input: { limit: 2, cursor: first.nextCursor! } });
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((c) => c.id)).size).toBe(3);
    expect((await listMyComplaints({ ctx })).data).toHaveLength(0);
  });
});
