import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db/client";
import type { SimServer } from "@/server/sim/node-server";
import { resetEngine, simControl, startEngine } from "@/test/engine";
import { fetchBill, getPlans } from "./plans";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine();
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));

describe("plans and bills", () => {
  it("fetches plans from a provider once, then serves them from the shared cache for 5–10 minutes", async () => {
    const db = await getDb();
    const first = await getPlans(db, { operator: "GP" });
    expect(first.cached).toBe(false);
    expect(first.plans.length).toBeGreaterThan(0);
    expect(first.plans[0]).toMatchObject({ operator: "GP", amount: expect.stringMatching(/^\d+\.\d{2}$/) });
    const ttl = new Date(first.expires_at).getTime() - new Date(first.fetched_at).getTime();
    expect(ttl).toBeGreaterThanOrEqual(5 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    // Every provider down: the cache still answers.
    for (const name of ["alpha", "bravo", "charlie"]) await simControl(sim, name, { down: true });
    const second = await getPlans(db, { operator: "GP" });
    expect(second.cached).toBe(true);
    expect(second.plans).toEqual(first.plans);
    const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM provider_calls WHERE operation = 'plans'`));
    expect(n).toBe(1);
    // After expiry, with providers down, a clear error.
    await expect(getPlans(db, { operator: "GP" }, new Date(Date.now() + 11 * 60_000))).rejects.toMatchObject({ code: "provider_unavailable" });
  });

  it("looks up a bill, and says clearly when there is none", async () => {
    const db = await getDb();
    const bill = await fetchBill(db, { biller: "BESCOM", account: "1234567890" });
    expect(bill).toMatchObject({ biller: "BESCOM", account: "1234567890", customerName: expect.any(String), amountDue: expect.stringMatching(/^\d+\.\d{2}$/) });
    await expect(fetchBill(db, { biller: "BESCOM", account: "1234560000" })).rejects.toMatchObject({ code: "not_found" });
    await expect(fetchBill(db, { biller: "GP", account: "1" })).rejects.toMatchObject({ code: "invalid_operator" });
  });
});
