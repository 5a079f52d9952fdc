// The invariants every scenario ends on. Each answers a list of violations (empty = holds), so the
// report can say exactly what broke and for which order.
import { execFileSync } from "node:child_process";
import type postgres from "postgres";
import type { Load, Sent } from "./load";
import type { Receiver } from "./receiver";

export type Check = { name: string; ok: boolean; detail: string; violations: unknown[] };

const FINAL = ["succeeded", "failed", "refunded", "reversed"];

/** The orders the load created, found in the database: API ones by reference, seed ones by number. */
type OrderRow = { id: string; account_id: string; reference: string; target: string; channel: string; status: string; needs_review: boolean; provider: string | null; amount: string; commission: string };

export async function ordersOf(sql: postgres.Sql, load: Load): Promise<OrderRow[]> {
  const accounts = [...new Set(load.sent.map((s) => s.merchant.account_id))];
  if (!accounts.length) return [];
  return sql<OrderRow[]>`
    SELECT id, account_id, reference, target, channel, status, needs_review, provider, amount::text, commission::text
    FROM recharges WHERE account_id IN ${sql(accounts)}`;
}

/** Every order a caller was told exists (2xx) is in the database: nothing accepted was lost. */
export async function noAcceptedOrderLost(sql: postgres.Sql, load: Load): Promise<Check> {
  const orders = await ordersOf(sql, load);
  const byRef = new Set(orders.map((o) => `${o.account_id}|${o.reference}`));
  const byTarget = new Set(orders.map((o) => `${o.account_id}|${o.target}`));
  const lost = load.accepted().filter((s) => (s.channel === "api" ? !byRef.has(`${s.merchant.account_id}|${s.reference}`) : !byTarget.has(`${s.merchant.account_id}|${s.phone}`)));
  // An API answer names its order; it must be the one stored under that reference.
  const ids = new Map(orders.map((o) => [`${o.account_id}|${o.reference}`, o.id]));
  const mismatched = load.accepted().filter((s) => s.channel === "api" && s.orderId && ids.get(`${s.merchant.account_id}|${s.reference}`) !== s.orderId);
  const bad = [...lost.map((s) => ({ lost: s.reference, phone: s.phone })), ...mismatched.map((s) => ({ other_id_for_reference: s.reference }))];
  return { name: "no accepted order lost", ok: bad.length === 0, detail: `${load.accepted().length} answers 2xx, ${orders.length} orders stored`, violations: bad };
}

/** Waits until every order of the load is final (or the budget runs out), then reports stragglers. */
export async function allFinal(sql: postgres.Sql, load: Load, budgetMs: number): Promise<Check & { waitedMs: number }> {
  const started = Date.now();
  let open: OrderRow[] = [];
  for (;;) {
    const orders = await ordersOf(sql, load);
    open = orders.filter((o) => !FINAL.includes(o.status));
    if (!open.length || Date.now() - started > budgetMs) {
      const waitedMs = Date.now() - started;
      return {
        name: "every order final",
        ok: open.length === 0,
        detail: `${orders.length} orders, ${open.length} not final after ${Math.round(waitedMs / 1000)} s`,
        violations: open.slice(0, 20).map((o) => ({ id: o.id, status: o.status, needs_review: o.needs_review })),
        waitedMs,
      };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Money per order, from the postings: every order has exactly one hold; a succeeded order was
 * captured once (its customer paid amount − commission − cashback back, no more); a failed one costs
 * nothing; no order's money moved twice.
 */
export async function chargedOnce(sql: postgres.Sql, load: Load): Promise<Check> {
  const accounts = [...new Set(load.sent.map((s) => s.merchant.account_id))];
  if (!accounts.length) return { name: "charged once", ok: true, detail: "no orders", violations: [] };
  const rows = await sql<{ id: string; status: string; amount: string; holds: number; hold_status: string | null; captures: number; releases: number; net: string }[]>`
    SELECT r.id, r.status, r.amount::text,
      (SELECT count(*) FROM holds h WHERE h.owner_type = 'recharge' AND h.owner_id = r.id)::int AS holds,
      (SELECT h.status FROM holds h WHERE h.owner_type = 'recharge' AND h.owner_id = r.id) AS hold_status,
      (SELECT count(*) FROM journals j WHERE j.idempotency_key LIKE 'rch:' || r.id || ':%' AND j.kind = 'capture')::int AS captures,
      (SELECT count(*) FROM journals j WHERE j.idempotency_key LIKE 'rch:' || r.id || ':%' AND j.kind = 'release')::int AS releases,
      (SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN journals j ON j.id = p.journal_id JOIN wallets w ON w.id = p.wallet_id
        WHERE w.account_id = r.account_id AND j.idempotency_key LIKE 'rch:' || r.id || ':%')::text AS net
    FROM recharges r WHERE r.account_id IN ${sql(accounts)}`;
  const bad: unknown[] = [];
  for (const r of rows) {
    const net = BigInt(r.net);
    const amount = BigInt(r.amount);
    const problems: string[] = [];
    if (r.holds !== 1) problems.push(`${r.holds} holds`);
    if (r.captures > 1) problems.push(`${r.captures} captures`);
    if (r.releases > 1) problems.push(`${r.releases} releases`);
    if (r.status === "succeeded" && (r.hold_status !== "captured" || r.captures !== 1)) problems.push(`succeeded but hold ${r.hold_status}, ${r.captures} captures`);
    if (r.status === "succeeded" && (net >= 0n || net < -amount)) problems.push(`succeeded but the customer's net is ${net} for amount ${amount}`);
    if (r.status === "failed" && (r.hold_status !== "released" || net !== 0n)) problems.push(`failed but hold ${r.hold_status}, net ${net}`);
    if (problems.length) bad.push({ id: r.id, status: r.status, problems });
  }
  return { name: "held once, charged at most once", ok: bad.length === 0, detail: `${rows.length} orders' holds and journals`, violations: bad.slice(0, 20) };
}

export type SimRecord = { provider: string; order_id: string; state: string; performed: boolean };

/**
 * The simulators' own record against ours: no order performed by two providers (or twice by one); a
 * succeeded order was performed; a failed one was not (else the customer got it free and we lost it).
 */
export async function performedOnce(sql: postgres.Sql, load: Load, simOrders: SimRecord[]): Promise<Check> {
  const orders = await ordersOf(sql, load);
  const performed = new Map<string, SimRecord[]>();
  for (const o of simOrders) {
    if (!o.performed) continue;
    performed.set(o.order_id, [...(performed.get(o.order_id) ?? []), o]);
  }
  const bad: unknown[] = [];
  for (const o of orders) {
    const by = performed.get(o.id) ?? [];
    // A provider's reversal undoes its top-up (and its charge to us): "performed, then reversed".
    const standing = by.filter((b) => b.state === "succeeded");
    if (by.length > 1) bad.push({ id: o.id, performed_by: by.map((b) => `${b.provider} (${b.state})`) });
    else if (o.status === "succeeded" && by.length === 0) bad.push({ id: o.id, problem: "captured, but no provider performed it" });
    else if (o.status === "failed" && standing.length === 1) bad.push({ id: o.id, problem: `failed and released, but ${standing[0].provider} performed it` });
    else if (by.length === 1 && o.provider && by[0].provider !== o.provider) bad.push({ id: o.id, problem: `booked on ${o.provider}, performed by ${by[0].provider}` });
  }
  // Say what happened to each offender: its provider calls and its timeline.
  for (const b of bad.slice(0, 5) as { id: string; calls?: unknown; events?: unknown }[]) {
    b.calls = (await sql`SELECT provider, operation, outcome, http_status, latency_ms, error FROM provider_calls WHERE recharge_id = ${b.id} ORDER BY id`).map((c) => `${c.provider} ${c.operation} ${c.outcome} ${c.http_status ?? ""} ${c.latency_ms}ms ${c.error ?? ""}`.trim());
    b.events = (await sql`SELECT from_status, to_status, note FROM recharge_events WHERE recharge_id = ${b.id} ORDER BY created_at`).map((e) => `${e.from_status}→${e.to_status} ${e.note ?? ""}`.trim());
  }
  return { name: "performed at most once (simulator's record)", ok: bad.length === 0, detail: `${orders.length} orders against ${simOrders.length} simulator orders`, violations: bad.slice(0, 20) };
}

/** `npm run cli -- ledger check` against the scenario's database. */
export function ledgerCheck(databaseUrl: string): Check {
  try {
    const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/cli/main.ts", "ledger", "check", "--json"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", APP_ENV: "development" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { name: "ledger check", ok: true, detail: "every invariant holds", violations: [] };
  } catch (error) {
    const out = (error as { stdout?: string }).stdout ?? String(error);
    return { name: "ledger check", ok: false, detail: "violations", violations: [out.slice(0, 2000)] };
  }
}

/**
 * Every final order's webhook reached the receiver once it was back, verified; `delivered` rows and
 * the receiver agree. Only orders with a notify_url (the API ones) have webhooks.
 */
export async function webhooksDelivered(sql: postgres.Sql, load: Load, receiver: Receiver, budgetMs: number): Promise<Check> {
  const accounts = [...new Set(load.sent.map((s) => s.merchant.account_id))];
  const started = Date.now();
  let missing: { id: string; type: string; subject_id: string; status: string }[] = [];
  let total = 0;
  for (;;) {
    const rows = await sql<{ id: string; type: string; subject_id: string; status: string }[]>`
      SELECT id, type, subject_id, status FROM webhook_deliveries WHERE account_id IN ${sql(accounts)} AND type LIKE 'recharge.%'`;
    total = rows.length;
    const got = new Set(receiver.accepted.filter((r) => r.verified).map((r) => r.id));
    missing = rows.filter((r) => !got.has(r.id));
    if (!missing.length || Date.now() - started > budgetMs) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const unverified = receiver.accepted.filter((r) => !r.verified);
  // Every final API order has its final-state event.
  const orders = (await ordersOf(sql, load)).filter((o) => o.channel === "api" && FINAL.includes(o.status));
  const withoutRows = await sql<{ id: string; status: string; events: string[] }[]>`
    SELECT r.id, r.status, (SELECT array_agg(coalesce(e.from_status, '-') || '→' || e.to_status ORDER BY e.created_at) FROM recharge_events e WHERE e.recharge_id = r.id) AS events
    FROM recharges r
    WHERE r.id IN ${sql(orders.length ? orders.map((o) => o.id) : [""])}
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subject_id = r.id AND d.type = 'recharge.' || r.status)`;
  const without = withoutRows.length;
  const bad: Record<string, unknown>[] = [...missing.slice(0, 10).map((m) => ({ not_received: m.id, type: m.type, status: m.status })), ...unverified.slice(0, 5).map((u) => ({ unverified: u.id }))];
  if (without) bad.push({ final_orders_without_event: without, examples: withoutRows.slice(0, 3) });
  return {
    name: "webhooks delivered and verified",
    ok: bad.length === 0,
    detail: `${total} events, ${receiver.accepted.length} received (${receiver.accepted.filter((r) => r.verified).length} verified), ${receiver.attempts} attempts`,
    violations: bad,
  };
}

export function summarize(sent: Sent[]) {
  const by = new Map<string, number>();
  for (const s of sent) {
    const key = s.status === null ? "no answer" : String(s.status);
    by.set(key, (by.get(key) ?? 0) + 1);
  }
  return [...by.entries()].sort().map(([k, v]) => `${k}: ${v}`).join(", ");
}
