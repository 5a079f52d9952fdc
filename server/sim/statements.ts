// Provider statements (API.md §7): every simulator reports its orders for a period (our order id,
// its reference, amount, cost, status, time, what it took from our float) and its float at the start
// and end of the period, in its own wire format, as real providers' report APIs do.
import { formatAmount, parseAmount } from "@/server/lib/money";
import { simProvider } from "@/server/sim/catalog";
import { costOverrideOf, floatAdjustments } from "@/server/sim/differences";
import { form, formatCents, json } from "@/server/sim/respond";
import { getControl, listOrders, type SimName, type SimOrder } from "@/server/sim/state";

export type StatementLine = { order: SimOrder; cost: string; floatDebitCents: bigint };
export type Statement = { from: Date; to: Date; openingCents: bigint; closingCents: bigint; lines: StatementLine[] };

/** What the provider charges us for an order, in the order's currency: face value less our discount. */
function costOf(name: SimName, order: SimOrder): string {
  const override = costOverrideOf(name, order.orderId);
  if (override) return override;
  const minor = parseAmount(order.amount, order.currency);
  if (minor === null) return order.amount;
  const p = simProvider(name);
  const bps = BigInt(p.costBps[order.operator] ?? p.defaultCostBps);
  return formatAmount(minor - (minor * bps) / 10_000n, order.currency);
}

/**
 * The float is one running number; its value at an earlier moment is today's value with every later
 * movement (order charges, adjustments) taken back out.
 */
export function statementOf(name: SimName, from: Date, to: Date): Statement {
  // Orders not stored yet (a slow provider) or never stored are in no report.
  const now = Date.now();
  const all = listOrders(name);
  const orders = all.filter((o) => !o.visibleAt || Date.parse(o.visibleAt) <= now);
  const adjustments = floatAdjustments(name);
  const balanceAt = (t: Date) =>
    getControl(name).floatUsdCents +
    all.filter((o) => new Date(o.createdAt) >= t).reduce((sum, o) => sum + o.chargedUsdCents, 0n) -
    adjustments.filter((a) => new Date(a.at) >= t).reduce((sum, a) => sum + a.cents, 0n);
  const lines = orders
    .filter((o) => new Date(o.createdAt) >= from && new Date(o.createdAt) < to)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((order) => ({ order, cost: costOf(name, order), floatDebitCents: order.chargedUsdCents }));
  return { from, to, openingCents: balanceAt(from), closingCents: balanceAt(to), lines };
}

/** `from`/`to` as ISO timestamps; null when either is missing, unparseable or reversed. */
export function parsePeriod(from: string | null, to: string | null): { from: Date; to: Date } | null {
  const f = from ? new Date(from) : null;
  const t = to ? new Date(to) : null;
  if (!f || !t || Number.isNaN(f.getTime()) || Number.isNaN(t.getTime()) || f >= t) return null;
  return { from: f, to: t };
}

const ALPHA_STATUS: Record<SimOrder["state"], string> = { pending: "PENDING", succeeded: "SUCCESS", failed: "FAILED", reversed: "REVERSED" };

/** alpha: GET /v1/reports/transactions?from=&to= */
export function alphaStatement(url: URL): Response {
  const period = parsePeriod(url.searchParams.get("from"), url.searchParams.get("to"));
  if (!period) return json({ status: "FAILED", error_code: "BAD_PERIOD", message: "from and to must be ISO timestamps, from before to" }, 400);
  const s = statementOf("alpha", period.from, period.to);
  return json({
    period: { from: s.from.toISOString(), to: s.to.toISOString() },
    currency: "USD",
    opening_balance: formatCents(s.openingCents),
    closing_balance: formatCents(s.closingCents),
    transactions: s.lines.map(({ order, cost, floatDebitCents }) => ({
      transaction_id: order.ref,
      reference: order.orderId,
      status: ALPHA_STATUS[order.state],
      operator: order.operator,
      amount: order.amount,
      currency: order.currency,
      cost,
      float_debit: formatCents(floatDebitCents),
      created_at: order.createdAt,
      updated_at: order.updatedAt,
    })),
  });
}

const BRAVO_STATE: Record<SimOrder["state"], string> = { pending: "processing", succeeded: "completed", failed: "failed", reversed: "reversed" };

/** bravo: GET /v2/statements?from=&to= */
export function bravoStatement(url: URL): Response {
  const period = parsePeriod(url.searchParams.get("from"), url.searchParams.get("to"));
  if (!period) return json({ error: "invalid_period", message: "from and to must be ISO timestamps, from before to" }, 400);
  const s = statementOf("bravo", period.from, period.to);
  return json({
    statement: {
      from: s.from.toISOString(),
      to: s.to.toISOString(),
      wallet: { currency: "USD", opening: formatCents(s.openingCents), closing: formatCents(s.closingCents) },
      orders: s.lines.map(({ order, cost, floatDebitCents }) => ({
        id: order.ref,
        client_ref: order.orderId,
        state: BRAVO_STATE[order.state],
        amount: { value: order.amount, currency: order.currency },
        cost: { value: cost, currency: order.currency },
        wallet_debit: { value: formatCents(floatDebitCents), currency: "USD" },
        created_at: order.createdAt,
      })),
    },
  });
}

const CHARLIE_STATE: Record<SimOrder["state"], number> = { succeeded: 0, pending: 1, failed: 2, reversed: 3 };
const compact = (iso: string) => iso.replace(/[-:T]/g, "").slice(0, 14);
const fromCompact = (v: string) => {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null;
};

/** charlie: signed POST /statement with begin/end (yyyyMMddHHmmss, UTC), answered as a form. */
export function charlieStatement(params: URLSearchParams): Response {
  const period = parsePeriod(fromCompact(params.get("begin") ?? ""), fromCompact(params.get("end") ?? ""));
  if (!period) return form({ result: 4003, msg: "begin and end required (yyyyMMddHHmmss)" });
  const s = statementOf("charlie", period.from, period.to);
  const fields: Record<string, string | number> = { result: 0, msg: "ok", currency: "USD", opening: formatCents(s.openingCents), closing: formatCents(s.closingCents), count: s.lines.length };
  s.lines.forEach(({ order, cost, floatDebitCents }, i) => {
    fields[`orderid${i}`] = order.orderId;
    fields[`sysorderid${i}`] = order.ref;
    fields[`state${i}`] = CHARLIE_STATE[order.state];
    fields[`amount${i}`] = order.amount;
    fields[`currency${i}`] = order.currency;
    fields[`cost${i}`] = cost;
    fields[`debit${i}`] = formatCents(floatDebitCents);
    fields[`time${i}`] = compact(order.createdAt);
  });
  return form(fields);
}
