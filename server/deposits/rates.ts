// USDT rates: append-only, the one in force at a moment is the latest set before it.
import { and, desc, eq, lte } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { auditLog, usdtRates } from "@/db/schema";
import { type Ctx, actorRef, isPrivileged, withTransaction } from "@/server/context";
import { Forbidden, ValidationFailed } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { CURRENCY_DECIMALS } from "@/server/lib/money";
import { formatRate, parseRateMicro } from "./units";

export async function rateInForce(db: Executor, currency: string, at: Date = new Date()): Promise<bigint | null> {
  const [row] = await db
    .select({ rateMicro: usdtRates.rateMicro })
    .from(usdtRates)
    .where(and(eq(usdtRates.currency, currency), lte(usdtRates.createdAt, at)))
    .orderBy(desc(usdtRates.createdAt))
    .limit(1);
  return row?.rateMicro ?? null;
}

export const SetUsdtRateInput = z
  .object({
    currency: z.string().trim().toUpperCase(),
    rate: z.string().trim(),
    note: z.string().trim().max(200).optional(),
  })
  .strict();
export type SetUsdtRateInput = z.input<typeof SetUsdtRateInput>;

/** An admin sets the rate from now on (audited). */
export async function setUsdtRate(args: { ctx: Ctx; input: SetUsdtRateInput }) {
  if (!isPrivileged(args.ctx.actor)) throw Forbidden();
  const input = SetUsdtRateInput.parse(args.input);
  if (!(input.currency in CURRENCY_DECIMALS) || input.currency === "USDT") throw ValidationFailed("Unknown currency.", { currency: "unknown or USDT" });
  const rateMicro = parseRateMicro(input.rate);
  if (rateMicro === null) throw ValidationFailed("The rate must be a positive decimal with at most 6 decimals.", { rate: "invalid" });
  return withTransaction(args.ctx, async (tx) => {
    const [row] = await tx.db
      .insert(usdtRates)
      .values({ id: createId("rate"), currency: input.currency, rateMicro, setBy: actorRef(tx.actor).actorId, note: input.note ?? null })
      .returning();
    await tx.db.insert(auditLog).values({
      id: createId("aud"),
      ...actorRef(tx.actor),
      action: "usdt_rate.set",
      targetType: "usdt_rate",
      targetId: row.id,
      details: { currency: input.currency, rate: formatRate(rateMicro), note: input.note ?? null },
      requestId: tx.requestId,
    });
    return rateObject(row);
  });
}

export function rateObject(row: typeof usdtRates.$inferSelect) {
  return { id: row.id, currency: row.currency, rate: formatRate(row.rateMicro), note: row.note, set_by: row.setBy, created_at: row.createdAt.toISOString() };
}

/** Current rate per currency and the recent history. */
export async function listUsdtRates(db: Executor, limit = 50) {
  const rows = await db.select().from(usdtRates).orderBy(desc(usdtRates.createdAt)).limit(limit);
  const current = new Map<string, ReturnType<typeof rateObject>>();
  for (const row of rows) if (!current.has(row.currency)) current.set(row.currency, rateObject(row));
  return { current: [...current.values()], history: rows.map(rateObject) };
}
