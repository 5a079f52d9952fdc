import { inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { recharges } from "@/db/schema";
import { createCtx } from "@/server/context";
import { AppError } from "@/server/lib/errors";
import { listRecharges } from "@/server/recharge/manage";
import { insertOrder, makeAccount } from "@/test/fixtures";

// Orders created in the same millisecond (a busy second holds many) must each appear on exactly one page.

describe("keyset pages", () => {
  it("page through orders created microseconds apart in one millisecond, missing and repeating none", async () => {
    const merchant = await makeAccount();
    const db = await getDb();
    const ids: string[] = [];
    await db.transaction(async (tx) => {
      for (let i = 0; i < 7; i++) ids.push(await insertOrder(tx, merchant.account_id, 2000n));
    });
    // Times in a different order from the ids, all within .123 of one second.
    for (const [i, id] of ids.entries()) {
      await db.execute(sql`UPDATE ${recharges} SET created_at = timestamptz '2026-11-01 10:00:00.123Z' + ${(i * 3) % 7} * interval '1 microsecond' WHERE id = ${id}`);
    }
    const ctx = await createCtx({ type: "user", userId: "u_test", role: "merchant", accountId: merchant.account_id });

    const everything = (await listRecharges(ctx, { limit: 100 })).data.map((r) => r.id);
    expect(everything).toHaveLength(7);
    const paged: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listRecharges(ctx, { limit: 2, cursor });
      paged.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(paged).toEqual(everything);
    expect(new Set(paged)).toEqual(new Set(ids));
    const stored = await db.select({ id: recharges.id }).from(recharges).where(inArray(recharges.id, ids));
    expect(stored).toHaveLength(7);
  });

  it("refuses a cursor that names no row, rather than answering an empty page", async () => {
    const merchant = await makeAccount();
    const ctx = await createCtx({ type: "user", userId: "u_test", role: "merchant", accountId: merchant.account_id });
    const refused = await listRecharges(ctx, { cursor: "rch_nosuchorder" }).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "validation_failed", details: { cursor: "unknown" } });
  });
});
