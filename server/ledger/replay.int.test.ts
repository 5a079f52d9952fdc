// Issue #8, item 6: a ledger operation replayed under its idempotency key must be the same operation.
// Otherwise a caller that reuses a key by mistake is told "done" while no money moved.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { journals, wallets } from "@/db/schema";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { checkLedger, credit, debit } from "./index";

afterEach(async () => expect(await checkLedger(await getDb())).toEqual([]));

async function balance(walletId: string) {
  const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, walletId));
  return w.available;
}

describe("item 6: a ledger replay is judged on its lines", () => {
  it("the same key, same wallet and amount: replayed, nothing posted twice", async () => {
    const a = await makeAccount();
    const ctx = await cliCtx();
    const first = await credit(ctx, { walletId: a.wallet_id, amount: 5_000n, idempotencyKey: "replay:same" });
    const again = await credit(ctx, { walletId: a.wallet_id, amount: 5_000n, idempotencyKey: "replay:same" });
    expect(again).toMatchObject({ replayed: true, journal: { id: first.journal.id } });
    expect(await balance(a.wallet_id)).toBe(5_000n);
  });

  it("the same key with another amount is a conflict, not a silent success", async () => {
    const a = await makeAccount();
    const ctx = await cliCtx();
    await credit(ctx, { walletId: a.wallet_id, amount: 5_000n, idempotencyKey: "replay:amount" });
    await expect(credit(ctx, { walletId: a.wallet_id, amount: 7_000n, idempotencyKey: "replay:amount" })).rejects.toMatchObject({ code: "idempotency_conflict" });
    expect(await balance(a.wallet_id)).toBe(5_000n);
  });

  it("the same key with another wallet is a conflict: the second wallet would otherwise believe it was paid", async () => {
    const a = await makeAccount();
    const b = await makeAccount();
    const ctx = await cliCtx();
    await credit(ctx, { walletId: a.wallet_id, amount: 5_000n, idempotencyKey: "replay:wallet" });
    await expect(credit(ctx, { walletId: b.wallet_id, amount: 5_000n, idempotencyKey: "replay:wallet" })).rejects.toMatchObject({ code: "idempotency_conflict" });
    expect(await balance(b.wallet_id)).toBe(0n);
    const rows = await (await getDb()).select().from(journals).where(eq(journals.idempotencyKey, "replay:wallet"));
    expect(rows).toHaveLength(1);
  });

  it("the same key for another kind of operation stays a conflict", async () => {
    const a = await makeAccount({ credit: "100.00" });
    const ctx = await cliCtx();
    await credit(ctx, { walletId: a.wallet_id, amount: 1_000n, idempotencyKey: "replay:kind" });
    await expect(debit(ctx, { walletId: a.wallet_id, amount: 1_000n, idempotencyKey: "replay:kind" })).rejects.toMatchObject({ code: "idempotency_conflict" });
  });
});
