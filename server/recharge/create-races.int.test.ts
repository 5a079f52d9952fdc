// Issue #8, items 2 and 5: creating an order is one atomic decision, and a replay of an existing
// reference is answered with that order whatever changed since (operator, limits, detection).
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { holds, operators, recharges, wallets } from "@/db/schema";
import { setPortabilityOverride } from "@/server/catalog/catalog";
import { createCtx } from "@/server/context";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, settleOrder, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { createRecharge } from "./create";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await resetEngine(sim);
  const db = await getDb();
  await db.update(operators).set({ enabled: true, minAmount: 1000n }).where(eq(operators.code, "GP"));
});
afterEach(async () => expect(await ledgerClean()).toEqual([]));

async function merchant(credit = "1000.00") {
  const acct = await makeAccount({ credit });
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
  return { acct, ctx };
}

async function balance(walletId: string) {
  const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, walletId));
  return { available: w.available, held: w.held };
}

describe("item 2: the duplicate guard is one atomic decision", () => {
  it("racing creates of the same top-up under different references: exactly one order, one charge", async () => {
    const { acct, ctx } = await merchant();
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        createRecharge({ ctx, input: { reference: `DUP-${i}`, phone: "01712345678", operator: "GP", amount: "20.00" }, options: { channel: "api" } }),
      ),
    );
    const created = attempts.filter((a) => a.status === "fulfilled" && a.value.kind === "created");
    const refused = attempts.filter((a) => a.status === "rejected").map((a) => (a as PromiseRejectedResult).reason);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(11);
    for (const error of refused) expect(error).toMatchObject({ code: "duplicate_recharge" });
    const db = await getDb();
    expect(await db.select().from(recharges).where(eq(recharges.accountId, acct.account_id))).toHaveLength(1);
    expect(await db.select().from(holds).where(eq(holds.accountId, acct.account_id))).toHaveLength(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    const id = (created[0] as PromiseFulfilledResult<{ kind: "created"; recharge: { id: string } }>).value.recharge.id;
    await settleOrder(id);
  });

  it("a racing replay of the winning reference is that order, not a duplicate", async () => {
    const { acct, ctx } = await merchant();
    const input = { reference: "DUP-SAME", phone: "01712345679", operator: "GP", amount: "20.00" };
    const results = await Promise.all(Array.from({ length: 8 }, () => createRecharge({ ctx, input, options: { channel: "api" } })));
    expect(results.filter((r) => r.kind === "created")).toHaveLength(1);
    expect(new Set(results.map((r) => (r.kind === "validated" ? null : r.recharge.id))).size).toBe(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    await settleOrder(results[0].kind === "validated" ? "" : results[0].recharge.id);
  });
});

describe("issue 10: the order's one writing statement under concurrency", () => {
  it("orders racing on one wallet each record the balance they really moved, and only what the wallet holds is accepted", async () => {
    const { acct, ctx } = await merchant("100.00");
    // 12 orders of 10.00 on a 100.00 wallet, all at once, no duplicate guard: 10 fit.
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        createRecharge({ ctx, input: { reference: `RACE-${i}`, phone: `0171234${5700 + i}`, operator: "GP", amount: "10.00", allow_duplicate: true }, options: { channel: "api" } }),
      ),
    );
    const orders = attempts.flatMap((a) => (a.status === "fulfilled" && a.value.kind === "created" ? [a.value.recharge] : []));
    const refused = attempts.flatMap((a) => (a.status === "rejected" ? [a.reason] : []));
    expect(orders).toHaveLength(10);
    expect(refused).toHaveLength(2);
    for (const error of refused) expect(error).toMatchObject({ code: "insufficient_balance" });
    // Each saw the balance the previous one left: 100.00 → 90.00 → … → 0.00, no two alike.
    const befores = orders.map((o) => o.balanceBefore!).sort((a, b) => Number(b - a));
    expect(befores).toEqual(Array.from({ length: 10 }, (_, i) => 10_000n - BigInt(i) * 1_000n));
    for (const o of orders) expect(o.balanceAfter).toBe(o.balanceBefore! - 1_000n);
    expect(await balance(acct.wallet_id)).toEqual({ available: 0n, held: 10_000n });
    for (const o of orders) await settleOrder(o.id);
  });
});

describe("item 5: replays are judged before validation, on the request as sent", () => {
  it("a replay after the operator was disabled returns the order, not invalid_operator", async () => {
    const { acct, ctx } = await merchant();
    const input = { reference: "RPL-OP", phone: "01712345680", operator: "GP", amount: "20.00" };
    const first = await createRecharge({ ctx, input, options: { channel: "api" } });
    expect(first.kind).toBe("created");
    const db = await getDb();
    await db.update(operators).set({ enabled: false }).where(eq(operators.code, "GP"));
    const again = await createRecharge({ ctx, input, options: { channel: "api" } });
    expect(again).toMatchObject({ kind: "existing", recharge: { id: first.kind === "created" ? first.recharge.id : "" } });
    await db.update(operators).set({ enabled: true }).where(eq(operators.code, "GP"));
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    await settleOrder(again.kind === "existing" ? again.recharge.id : "");
  });

  it("a replay after the operator's limits changed returns the order, not invalid_amount", async () => {
    const { ctx } = await merchant();
    const input = { reference: "RPL-LIMIT", phone: "01712345681", operator: "GP", amount: "20.00" };
    const first = await createRecharge({ ctx, input, options: { channel: "api" } });
    await (await getDb()).update(operators).set({ minAmount: 5000n }).where(eq(operators.code, "GP"));
    const again = await createRecharge({ ctx, input, options: { channel: "api" } });
    expect(again.kind).toBe("existing");
    expect(again.kind !== "validated" && first.kind !== "validated" && again.recharge.id === first.recharge.id).toBe(true);
    await settleOrder(first.kind === "created" ? first.recharge.id : "");
  });

  it("an auto-detected operator whose detection changed since: the replay is the order, not idempotency_conflict", async () => {
    const { acct, ctx } = await merchant();
    const input = { reference: "RPL-DETECT", phone: "01712345682", amount: "20.00" };
    const first = await createRecharge({ ctx, input, options: { channel: "api" } });
    expect(first).toMatchObject({ kind: "created", recharge: { operator: "GP" } });
    // The number was ported: detection now says Banglalink.
    await setPortabilityOverride(await getDb(), "+8801712345682", "BL");
    const again = await createRecharge({ ctx, input, options: { channel: "api" } });
    expect(again).toMatchObject({ kind: "existing", recharge: { operator: "GP" } });
    const db = await getDb();
    expect(await db.select().from(recharges).where(and(eq(recharges.accountId, acct.account_id)))).toHaveLength(1);
    await settleOrder(first.kind === "created" ? first.recharge.id : "");
  });

  it("the same reference with a different amount is still a conflict", async () => {
    const { ctx } = await merchant();
    const first = await createRecharge({ ctx, input: { reference: "RPL-DIFF", phone: "01712345683", operator: "GP", amount: "20.00" }, options: { channel: "api" } });
    await expect(createRecharge({ ctx, input: { reference: "RPL-DIFF", phone: "01712345683", operator: "GP", amount: "30.00" }, options: { channel: "api" } })).rejects.toMatchObject({
      code: "idempotency_conflict",
    });
    await settleOrder(first.kind === "created" ? first.recharge.id : "");
  });
});
