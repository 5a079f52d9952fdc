import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { recharges } from "@/db/schema";
import { createAccount } from "@/server/accounts/accounts";
import { type Ctx, createCtx } from "@/server/context";
import { createId, randomToken } from "@/server/lib/ids";

export const cliCtx = (): Promise<Ctx> => createCtx({ type: "cli" });

export async function makeAccount(opts: { credit?: string; type?: "merchant" | "retailer"; parentAccountId?: string } = {}) {
  const ctx = await cliCtx();
  const created = await createAccount({
    ctx,
    input: { type: opts.type ?? "merchant", name: "Test Co", email: `t-${randomToken(10).toLowerCase()}@example.test`, password: "password-123", currency: "BDT", credit: opts.credit, parentAccountId: opts.parentAccountId },
  });
  // A retailer gets no API key at creation (it asks for one): "" then, so a test using it fails loudly.
  return { ...created, api_key: created.api_key ?? "", api_secret: created.api_secret ?? "" };
}

/** A bare order row to own a hold, as the recharge engine writes it (status `held`). */
export async function insertOrder(tx: Tx, accountId: string, amount: bigint) {
  const id = createId("rch");
  await tx.insert(recharges).values({
    id,
    accountId,
    reference: id,
    requestHash: "test",
    channel: "cli",
    service: "mobile",
    country: "BD",
    operator: "GP",
    target: "01712345678",
    amount,
    currency: "BDT",
    status: "held",
  });
  return id;
}

export async function setOrderStatus(tx: Tx, id: string, status: "succeeded" | "failed") {
  await tx.update(recharges).set({ status }).where(eq(recharges.id, id));
}
