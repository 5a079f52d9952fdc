import { and, eq, gt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { plansCache } from "@/db/schema";
import { AppError } from "@/server/lib/errors";
import { rankProviders } from "@/server/providers/router";
import { adapterFor, logProviderCall } from "@/server/providers/store";
import { type Bill, type Plan, ProviderCallError } from "@/server/providers/types";
import { getOperatorRow } from "./catalog";

/** Plans change rarely: cached in Postgres (shared by every instance) for 5–10 minutes. */
const TTL_MIN_MS = 5 * 60_000;
const TTL_SPREAD_MS = 5 * 60_000;

export type PlansResult = { operator: string; circle: string | null; plans: Plan[]; cached: boolean; fetched_at: string; expires_at: string };

/**
 * An operator's plans: from the cache while fresh, else from the best provider that serves it (then
 * the next, if one cannot answer). The expiry is jittered so instances don't all refresh at once.
 */
export async function getPlans(db: Executor, input: { operator: string; circle?: string | null }, now = new Date()): Promise<PlansResult> {
  const circle = input.circle ?? "";
  const op = await getOperatorRow(db, input.operator);
  if (!op || !op.enabled) throw new AppError("invalid_operator", `Unknown operator: ${input.operator}.`, { operator: input.operator });
  const [hit] = await db
    .select()
    .from(plansCache)
    .where(and(eq(plansCache.operatorCode, op.code), eq(plansCache.circle, circle), gt(plansCache.expiresAt, now)));
  if (hit) return { operator: op.code, circle: circle || null, plans: hit.plans as Plan[], cached: true, fetched_at: hit.fetchedAt.toISOString(), expires_at: hit.expiresAt.toISOString() };

  for (const { provider } of await rankProviders(db, { operator: op.code })) {
    try {
      const { plans, call } = await adapterFor(provider).plans(op.code);
      await logProviderCall(db, { provider: provider.name, call, outcome: "ok" });
      const expiresAt = new Date(now.getTime() + TTL_MIN_MS + Math.floor(Math.random() * TTL_SPREAD_MS));
      await db
        .insert(plansCache)
        .values({ operatorCode: op.code, circle, plans, fetchedAt: now, expiresAt })
        .onConflictDoUpdate({ target: [plansCache.operatorCode, plansCache.circle], set: { plans, fetchedAt: now, expiresAt } });
      return { operator: op.code, circle: circle || null, plans, cached: false, fetched_at: now.toISOString(), expires_at: expiresAt.toISOString() };
    } catch (error) {
      if (error instanceof ProviderCallError) await logProviderCall(db, { provider: provider.name, call: error.call, outcome: "error" });
      else throw error;
    }
  }
  throw new AppError("provider_unavailable", "Plans are not available right now. Enter an amount instead, or try again later.", { operator: op.code });
}

/** A utility or DTH bill: customer name, amount due, due date (from the first provider that answers). */
export async function fetchBill(db: Executor, input: { biller: string; account: string }): Promise<Bill> {
  const op = await getOperatorRow(db, input.biller);
  if (!op || !op.enabled || op.services.includes("mobile")) throw new AppError("invalid_operator", `Unknown biller: ${input.biller}.`, { biller: input.biller });
  const account = input.account.replace(/\s+/g, "");
  if (op.accountPattern && !new RegExp(op.accountPattern).test(account)) {
    throw new AppError("validation_failed", `This is not a valid ${op.accountLabel ?? "account number"} for ${op.name}.`, { account });
  }
  for (const { provider } of await rankProviders(db, { operator: op.code })) {
    try {
      const { bill, call } = await adapterFor(provider).fetchBill(op.code, account);
      await logProviderCall(db, { provider: provider.name, call, outcome: bill ? "ok" : "not_found" });
      if (!bill) throw new AppError("not_found", `${op.name} has no bill for account ${account}.`, { account });
      return bill;
    } catch (error) {
      if (error instanceof ProviderCallError) await logProviderCall(db, { provider: provider.name, call: error.call, outcome: "error" });
      else throw error;
    }
  }
  throw new AppError("provider_unavailable", "Bill look-up is not available right now. Try again later.", { biller: op.code });
}
