import { InngestTestEngine } from "@inngest/test";
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db/client";
import { auditLog, journals, postings, reconDifferences, reconRuns, recharges, wallets } from "@/db/schema";
import { createCtx } from "@/server/context";
import { getSystemWallet } from "@/server/ledger";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import type { SimServer } from "@/server/sim/node-server";
import { SIM_CONTROL_HEADERS, ledgerClean, resetEngine, settleOrder, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { reconcileProviders } from "@/server/jobs/functions/reconcile-providers";
import { dismissDifference, resolveDifference } from "./resolve";
import { runDueReconciliations, runReconciliation } from "./run";
import { listReconDifferences, listReconRuns } from "./views";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await resetEngine(sim);
  // Every order of this file goes to alpha; earlier tests' orders stay in its statement, all clean.
  await (await getDb()).execute(sql`UPDATE providers SET enabled = (name = 'alpha'), updated_at = now()`);
});
afterEach(async () => expect(await ledgerClean()).toEqual([]));

const today = () => new Date().toISOString().slice(0, 10);
const admin = () => createCtx({ type: "user", userId: "usr_admin", role: "admin", accountId: null });

let seq = 0;
async function order(phone: string, amount = "20.00", opts: { settle?: boolean } = { settle: true }) {
  const acct = await makeAccount({ credit: "1000.00" });
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
  const created = await createRecharge({ ctx, input: { reference: `RC-${++seq}-${Date.now()}`, phone, operator: "GP", amount, allow_duplicate: true }, options: { channel: "api" } });
  if (created.kind !== "created") throw new Error("expected a new order");
  await driveRecharge(await createCtx({ type: "system", name: "test" }), created.recharge.id);
  const r = opts.settle ? await settleOrder(created.recharge.id) : (await (await getDb()).select().from(recharges).where(eq(recharges.id, created.recharge.id)))[0];
  return { acct, r, orderId: `${r.id}-1` };
}

async function inject(body: Record<string, unknown>) {
  const res = await fetch(`${sim.origin}/api/sim/providers/alpha/differences`, { method: "POST", headers: SIM_CONTROL_HEADERS, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

const differencesOf = async (runId: string) => (await getDb()).select().from(reconDifferences).where(eq(reconDifferences.lastRunId, runId));
const available = async (walletId: string) => (await (await getDb()).select().from(wallets).where(eq(wallets.id, walletId)))[0].available;
const journalKeys = async () => new Set((await (await getDb()).select({ k: journals.idempotencyKey }).from(journals)).map((j) => j.k));

async function newJournals(before: Set<string>) {
  const rows = await (await getDb()).select().from(journals).where(notInArray(journals.idempotencyKey, [...before]));
  const lines = rows.length ? await (await getDb()).select().from(postings).where(inArray(postings.journalId, rows.map((j) => j.id))) : [];
  return rows.map((j) => ({ key: j.idempotencyKey, kind: j.kind, lines: lines.filter((l) => l.journalId === j.id).map((l) => ({ wallet: l.walletId, amount: l.amount })).sort((a, b) => Number(a.amount - b.amount)) }));
}

describe("reconciliation finds what the provider disagrees with, and nothing on a clean day", () => {
  it("a clean day: every order matched, no difference, the float we book equals theirs", async () => {
    for (const phone of ["01712345678", "01712345001", "01712345002", "01712345003", "01712345005", "01312345678"]) await order(phone);
    const run = await runReconciliation(await admin(), { provider: "alpha", day: today(), trigger: "admin" });
    expect(run).toMatchObject({ status: "completed", differences: 0, newDifferences: 0, counts: {} });
    expect(run.ourOrders).toBeGreaterThanOrEqual(6);
    expect(run.statementOrders).toBe(run.ourOrders);
    expect(run.matched).toBe(run.ourOrders);
    expect(run.reportedBalance).toBe(run.bookedBalance);
    expect(run.reportedBalance! < run.openingBalance!).toBe(true);
    expect(await differencesOf(run.id)).toEqual([]);
    const [audit] = await (await getDb()).select().from(auditLog).where(eq(auditLog.targetId, run.id));
    expect(audit).toMatchObject({ action: "recon.run", targetType: "recon_run" });
  });

  it("finds each difference the simulator injects, classified, and settles them through the ledger", async () => {
    const failed = await order("01712345001");
    const lost = await order("01712345678");
    const failedLater = await order("01712345678");
    const otherAmount = await order("01712345678");
    const otherCost = await order("01712345678");
    const untouched = await order("01712345678");
    const stuck = await order("01712345004", "20.00", { settle: false });
    expect([failed.r.status, lost.r.status, stuck.r.status]).toEqual(["failed", "succeeded", "pending"]);

    await inject({ kind: "performed", order_id: failed.orderId });
    await inject({ kind: "lost", order_id: lost.orderId });
    await inject({ kind: "failed", order_id: failedLater.orderId });
    await inject({ kind: "amount", order_id: otherAmount.orderId, amount: "25.00" });
    await inject({ kind: "cost", order_id: otherCost.orderId, cost: "19.99" });
    const unknown = await inject({ kind: "unknown", operator: "GP", amount: "50.00" });
    await inject({ kind: "float", amount: "-12.50" });

    const run = await runReconciliation(await admin(), { provider: "alpha", day: today(), trigger: "cli" });
    expect(run.status).toBe("completed");
    const found = await differencesOf(run.id);
    const bySubject = Object.fromEntries(found.map((d) => [d.kind === "float_drift" ? d.subject.replace(/:-?[\d.]+$/, "") : d.subject, d.kind]));
    expect(bySubject).toEqual({
      [failed.orderId]: "provider_performed",
      [stuck.orderId]: "provider_performed",
      [lost.orderId]: "provider_missing",
      [failedLater.orderId]: "provider_failed",
      [otherAmount.orderId]: "amount_mismatch",
      [otherCost.orderId]: "cost_mismatch",
      [unknown.order_id]: "unknown_order",
      [`float:${today()}`]: "float_drift",
    });
    expect(found.some((d) => d.rechargeId === untouched.r.id)).toBe(false);
    expect(run).toMatchObject({ differences: 8, newDifferences: 8, counts: { provider_performed: 2, provider_missing: 1, provider_failed: 1, amount_mismatch: 1, cost_mismatch: 1, unknown_order: 1, float_drift: 1 } });
    const drift = found.find((d) => d.kind === "float_drift")!;
    // 20.00 + 20.00 + 50.00 BDT performed behind our back (USD 0.16 + 0.16 + 0.41 of float), and a fee of 12.50.
    expect(drift.theirs).toMatchObject({ unexplained: "-12.50", explained: "-0.73" });
    expect((drift.theirs.explained_by as Array<{ order_id: string }>).map((o) => o.order_id).sort()).toEqual([failed.orderId, stuck.orderId, unknown.order_id].sort());
    expect(drift.amount).toBe(run.reportedBalance! - run.bookedBalance!);

    // A rerun finds the same differences again; none is new.
    const again = await runReconciliation(await admin(), { provider: "alpha", day: today(), trigger: "admin" });
    expect(again).toMatchObject({ differences: 8, newDifferences: 0 });
    expect(await (await getDb()).select().from(reconDifferences)).toHaveLength(8);

    const ctx = await admin();
    const id = (subject: string) => found.find((d) => d.subject === subject)!.id;
    const floatWallet = (await getSystemWallet((await getDb()), "provider:alpha", "BDT")).id;
    const revenue = (await getSystemWallet((await getDb()), "revenue", "BDT")).id;

    // We failed it and gave the money back; the provider performed it: recover it from the wallet.
    let before = await journalKeys();
    const walletBefore = await available(failed.acct.wallet_id);
    const recovered = await resolveDifference({ ctx, input: { id: id(failed.orderId), action: "recover", reason: "Provider delivered it; merchant agreed" } });
    expect(await newJournals(before)).toEqual([{ key: `recon:${recovered.id}:recover`, kind: "debit", lines: [{ wallet: failed.acct.wallet_id, amount: -2000n }, { wallet: floatWallet, amount: 2000n }] }]);
    expect(await available(failed.acct.wallet_id)).toBe(walletBefore - 2000n);
    expect(recovered).toMatchObject({ state: "resolved", resolution: "recover", reason: "Provider delivered it; merchant agreed" });
    expect(recovered.journalId).toBeTruthy();

    // Still pending with us, performed there: a status check, then the engine's own capture.
    before = await journalKeys();
    const captured = await resolveDifference({ ctx, input: { id: id(stuck.orderId), action: "capture", reason: "Confirmed by status check" } });
    expect((await newJournals(before)).map((j) => j.key).sort()).toEqual([`rch:${stuck.r.id}:capture`, `rch:${stuck.r.id}:commission`].sort());
    expect((await (await getDb()).select().from(recharges).where(eq(recharges.id, stuck.r.id)))[0].status).toBe("succeeded");
    const [capture] = await (await getDb()).select().from(journals).where(eq(journals.idempotencyKey, `rch:${stuck.r.id}:capture`));
    expect(captured.journalId).toBe(capture.id);

    // We captured, they have no record: refund the order.
    before = await journalKeys();
    const refunded = await resolveDifference({ ctx, input: { id: id(lost.orderId), action: "refund", reason: "Provider never delivered" } });
    expect((await newJournals(before)).map((j) => j.key).sort()).toEqual([`rch:${lost.r.id}:refund`, `rch:${lost.r.id}:refund-commission`].sort());
    expect((await (await getDb()).select().from(recharges).where(eq(recharges.id, lost.r.id)))[0].status).toBe("refunded");
    expect(refunded.resolution).toBe("refund");

    // An order we never sent: our revenue pays the provider float it took.
    before = await journalKeys();
    const written = await resolveDifference({ ctx, input: { id: id(unknown.order_id), action: "write_off", reason: "Provider error, claim filed" } });
    expect(await newJournals(before)).toEqual([{ key: `recon:${written.id}:write_off`, kind: "transfer", lines: [{ wallet: revenue, amount: -5000n }, { wallet: floatWallet, amount: 5000n }] }]);

    // Amount differences are explained, not booked; nothing settles twice; wrong actions are refused.
    before = await journalKeys();
    const dismissed = await dismissDifference({ ctx, input: { id: id(otherAmount.orderId), reason: "Their report rounds; confirmed by email" } });
    expect(dismissed).toMatchObject({ state: "dismissed", journalId: null });
    await expect(resolveDifference({ ctx, input: { id: id(otherCost.orderId), action: "write_off", reason: "nope" } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(resolveDifference({ ctx, input: { id: id(failed.orderId), action: "recover", reason: "again" } })).rejects.toMatchObject({ code: "conflict" });
    await expect(dismissDifference({ ctx, input: { id: id(failedLater.orderId), reason: "" } })).rejects.toMatchObject({ code: "validation_failed" });
    const merchant = await createCtx({ type: "user", userId: "usr_x", role: "merchant", accountId: failed.acct.account_id });
    await expect(dismissDifference({ ctx: merchant, input: { id: id(failedLater.orderId), reason: "mine" } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await newJournals(before)).toEqual([]);

    const audits = await (await getDb()).select().from(auditLog).where(inArray(auditLog.action, ["recon.resolve", "recon.dismiss"]));
    expect(audits.map((a) => [a.action, a.targetId]).sort()).toEqual(
      [
        ["recon.resolve", recovered.id],
        ["recon.resolve", captured.id],
        ["recon.resolve", refunded.id],
        ["recon.resolve", written.id],
        ["recon.dismiss", dismissed.id],
      ].sort(),
    );

    // The next run: settled differences stay settled; those settled by a change of our books are gone.
    const after = await runReconciliation(ctx, { provider: "alpha", day: today(), trigger: "admin" });
    const seen = await differencesOf(after.id);
    expect(seen.find((d) => d.subject === stuck.orderId)).toBeUndefined();
    expect(seen.find((d) => d.subject === failed.orderId)?.state).toBe("resolved");
  });

  it("a provider that cannot answer leaves a failed run with the reason, and nothing else", async () => {
    const down = await fetch(`${sim.origin}/api/sim/providers/alpha`, { method: "POST", headers: SIM_CONTROL_HEADERS, body: JSON.stringify({ down: true }) });
    expect(down.status).toBe(200);
    const run = await runReconciliation(await admin(), { provider: "alpha", day: today(), trigger: "admin" });
    expect(run).toMatchObject({ status: "failed", differences: 0 });
    expect(run.error).toMatch(/statement unavailable/);
    await expect(runReconciliation(await admin(), { provider: "alpha", day: "2026-13-40", trigger: "admin" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(runReconciliation(await admin(), { provider: "nobody", day: today(), trigger: "admin" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("the daily run happens once per enabled provider, whoever calls it", async () => {
    await (await getDb()).execute(sql`UPDATE providers SET enabled = true, updated_at = now()`);
    const ctx = await createCtx({ type: "system", name: "test" });
    const tomorrow = new Date(Date.parse(`${today()}T00:00:00Z`) + 24 * 3600_000 + 3600_000);
    expect(await runDueReconciliations(ctx, new Date(Date.parse(`${today()}T00:10:00Z`) + 24 * 3600_000))).toEqual([]);
    const [first, second] = await Promise.all([runDueReconciliations(ctx, tomorrow), runDueReconciliations(ctx, tomorrow)]);
    expect([...first, ...second].map((r) => r.provider).sort()).toEqual(["alpha", "bravo", "charlie"]);
    expect(await runDueReconciliations(ctx, tomorrow)).toEqual([]);
    const rows = await (await getDb()).select().from(reconRuns).where(and(eq(reconRuns.trigger, "schedule"), eq(reconRuns.day, today())));
    expect(rows.map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
  });

  it("the Inngest cron function runs the same claimed daily step", async () => {
    await (await getDb()).execute(sql`UPDATE providers SET enabled = true, updated_at = now()`);
    const { result, error } = await new InngestTestEngine({ function: reconcileProviders }).execute();
    expect(error).toBeUndefined();
    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);
    const rows = await (await getDb()).select().from(reconRuns).where(and(eq(reconRuns.trigger, "schedule"), eq(reconRuns.day, yesterday)));
    // Before 00:30 UTC the day is not due yet: nothing runs, and nothing is claimed.
    expect((result as Array<{ provider: string; day: string }>).map((r) => `${r.provider}:${r.day}`).sort()).toEqual(rows.map((r) => `${r.provider}:${r.day}`).sort());
    if (new Date().getUTCHours() >= 1) expect(rows).toHaveLength(3);
    const again = await new InngestTestEngine({ function: reconcileProviders }).execute();
    expect(again.result).toEqual([]);
  });
});

describe("the admin lists page through every run and difference", () => {
  it("keyset pages in order, none twice or missed (also rows in the same millisecond), filtered by state; a bad cursor is refused", async () => {
    const db = await getDb();
    const ctx = await admin();
    const tag = `pg${Date.now()}`;
    // Runs and differences stamped in one millisecond (microseconds apart, and some identical): the
    // cursor must not round them through a JS Date.
    const stamps = ["2020-03-01 10:00:00.123401+00", "2020-03-01 10:00:00.123402+00", "2020-03-01 10:00:00.123402+00", "2020-03-01 10:00:00.123403+00", "2020-03-01 10:00:00.1234+00", "2020-03-01 10:00:00.9+00", "2020-03-01 10:00:00.123402+00"];
    const runIds = stamps.map((_, i) => `rcr_${tag}_${i}`);
    await db.insert(reconRuns).values(stamps.map((at, i) => ({
      id: runIds[i], provider: "alpha", day: "2020-03-01", periodStart: new Date("2020-03-01T00:00:00Z"), periodEnd: new Date("2020-03-02T00:00:00Z"),
      trigger: "cli" as const, status: "completed" as const, startedAt: sql`${at}::timestamptz` as unknown as Date,
    })));
    const states = ["open", "open", "resolved", "open", "dismissed", "open", "resolved", "open", "resolved"] as const;
    await db.insert(reconDifferences).values(states.map((state, i) => ({
      id: `rcd_${tag}_${i}`, runId: runIds[0], lastRunId: runIds[0], provider: "alpha", kind: "unknown_order" as const, subject: `${tag}-${i}`, summary: `seeded ${i}`, state,
      createdAt: sql`${stamps[i % stamps.length]}::timestamptz` as unknown as Date,
    })));

    const allRuns = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM recon_runs WHERE provider = 'alpha' ORDER BY started_at DESC, id DESC`));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listReconRuns(ctx, { provider: "alpha", cursor, limit: 2 });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(allRuns.map((r) => r.id));
    expect(seen).toEqual(expect.arrayContaining(runIds));
    expect(pages).toBe(Math.ceil(allRuns.length / 2));

    const differences = async (state?: "open" | "resolved" | "dismissed") => {
      const ids: string[] = [];
      let next: string | undefined;
      do {
        const page = await listReconDifferences(ctx, { runId: runIds[0], state, cursor: next, limit: 2 });
        ids.push(...page.data.map((d) => d.id));
        next = page.nextCursor ?? undefined;
      } while (next);
      return ids;
    };
    const expected = async (state?: string) =>
      rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM recon_differences WHERE last_run_id = ${runIds[0]} ${state ? sql`AND state = ${state}` : sql``} ORDER BY created_at DESC, id DESC`)).map((r) => r.id);
    expect(await differences()).toEqual(await expected());
    expect(await differences()).toHaveLength(9);
    expect(await differences("open")).toEqual(await expected("open"));
    expect(await differences("open")).toHaveLength(5);
    expect(await differences("resolved")).toHaveLength(3);
    expect(await differences("dismissed")).toEqual([`rcd_${tag}_4`]);

    await expect(listReconRuns(ctx, { cursor: "rcr_nope" })).rejects.toMatchObject({ code: "validation_failed", details: { cursor: "unknown" } });
    await expect(listReconDifferences(ctx, { cursor: "rcd_nope" })).rejects.toMatchObject({ code: "validation_failed", details: { cursor: "unknown" } });
    await expect(listReconDifferences(ctx, { limit: 501 })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
