// Every movement of an account's wallet with its balance after, and the statement of a day: the one
// query behind the wallet page, the statement CSV and GET /api/v1/statements (issue #13 item 5,
// issue #15 item 8).
//
// "Balance" is the wallet's available balance, the one the recharge object's balance_before/after
// and the dashboard show: a recharge's hold takes its amount out of it, a failure puts it back.
// Captures move held money to the provider and are not movements of the available balance.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor, rowsOf } from "@/db/client";
import { getAccount } from "@/server/accounts/accounts";
import { type Ctx, scopedAccountId } from "@/server/context";
import { getAccountWallet } from "@/server/ledger";
import { ValidationFailed } from "@/server/lib/errors";
import { formatAmount } from "@/server/lib/money";
import { zodDetails } from "@/server/recharge/schemas";

export const MOVEMENT_TYPES = [
  "recharge",
  "recharge_returned",
  "commission",
  "cashback",
  "refund",
  "reversal",
  "commission_taken_back",
  "cashback_taken_back",
  "admin_credit",
  "admin_debit",
  "initial_credit",
  "funding_received",
  "funding_sent",
  "deposit",
  "other",
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

/** What a person reads for each type (dashboard and CSV). */
export const MOVEMENT_LABEL: Record<MovementType, string> = {
  recharge: "Recharge",
  recharge_returned: "Recharge failed: amount returned",
  commission: "Commission earned",
  cashback: "Cashback",
  refund: "Refund",
  reversal: "Reversed by the operator: amount returned",
  commission_taken_back: "Commission taken back",
  cashback_taken_back: "Cashback taken back",
  admin_credit: "Credit by Refill",
  admin_debit: "Debit by Refill",
  initial_credit: "Opening credit",
  funding_received: "Funding from your merchant",
  funding_sent: "Funding sent to a retailer",
  deposit: "Deposit",
  other: "Adjustment",
};

type Row = {
  posting_id: string;
  amount: string;
  running: string;
  at: Date | string;
  journal_id: string;
  journal_kind: string;
  idempotency_key: string;
  memo: string | null;
  metadata: Record<string, unknown> | null;
  counter_code: string | null;
  counter_account_id: string | null;
  counter_account_name: string | null;
  recharge_id: string | null;
  recharge_reference: string | null;
  recharge_target: string | null;
  recharge_operator: string | null;
  recharge_amount: string | null;
};

export type Movement = {
  id: string;
  at: Date;
  type: MovementType;
  description: string;
  amount: bigint;
  balanceAfter: bigint;
  journalId: string;
  rechargeId: string | null;
  reference: string | null;
  phone: string | null;
  operator: string | null;
  depositId: string | null;
  counterpartyAccountId: string | null;
  counterpartyName: string | null;
};

/** The step of a recharge a journal belongs to, from its idempotency key `rch:<id>:<step>`. */
function rechargeStep(key: string): string | null {
  const m = /^rch:[^:]+:(.+)$/.exec(key);
  return m ? m[1] : null;
}

export function classifyMovement(row: { idempotency_key: string; journal_kind: string; amount: bigint; counter_code: string | null; metadata?: Record<string, unknown> | null }): MovementType {
  const step = rechargeStep(row.idempotency_key);
  if (step !== null) {
    switch (step) {
      case "hold":
        return "recharge";
      case "release":
        return "recharge_returned";
      case "commission":
        return "commission";
      case "cashback":
        return "cashback";
      case "refund":
        return "refund";
      case "reversal":
        return "reversal";
      case "refund-commission":
      case "reversal-commission":
        return "commission_taken_back";
      case "refund-cashback":
      case "reversal-cashback":
        return "cashback_taken_back";
      default:
        return "other";
    }
  }
  if (row.journal_kind === "transfer") return row.amount > 0n ? "funding_received" : "funding_sent";
  if (row.counter_code === "deposits" || /^dep[:_]/.test(row.idempotency_key) || row.metadata?.deposit_id) return "deposit";
  if (/^account:[^:]+:initial-credit$/.test(row.idempotency_key)) return "initial_credit";
  if (row.journal_kind === "credit") return "admin_credit";
  if (row.journal_kind === "debit") return "admin_debit";
  if (row.journal_kind === "reverse") return row.amount > 0n ? "admin_credit" : "admin_debit";
  return "other";
}

function describe(type: MovementType, row: Row): string {
  const label = MOVEMENT_LABEL[type];
  if (row.recharge_reference) return `${label} · ${row.recharge_reference}${row.recharge_target ? ` · ${row.recharge_target}` : ""}`;
  if ((type === "funding_received" || type === "funding_sent") && row.counter_account_name) {
    const note = typeof row.metadata?.note === "string" ? ` · ${row.metadata.note}` : "";
    return `${type === "funding_sent" ? `Funding sent to ${row.counter_account_name}` : `Funding from ${row.counter_account_name}`}${note}`;
  }
  const note = type === "admin_credit" || type === "admin_debit" || type === "deposit" ? row.memo : null;
  return note ? `${label} · ${note}` : label;
}

function toMovement(row: Row): Movement {
  const amount = BigInt(row.amount);
  const type = classifyMovement({ ...row, amount });
  const depositId = type === "deposit" ? ((row.metadata?.deposit_id as string | undefined) ?? /dep_[A-Za-z0-9]+/.exec(row.idempotency_key)?.[0] ?? null) : null;
  return {
    id: `mov_${row.posting_id}`,
    at: new Date(row.at),
    type,
    description: describe(type, row),
    amount,
    balanceAfter: BigInt(row.running),
    journalId: row.journal_id,
    rechargeId: row.recharge_id,
    reference: row.recharge_reference,
    phone: row.recharge_target,
    operator: row.recharge_operator,
    depositId,
    counterpartyAccountId: row.counter_account_id,
    counterpartyName: row.counter_account_name,
  };
}

/** Sum of the wallet's available postings before `at`: the balance at that instant. */
async function balanceAt(db: Executor, walletId: string, at: Date): Promise<bigint> {
  const [row] = rowsOf<{ total: string | null }>(
    await db.execute(sql`SELECT coalesce(sum(amount), 0)::text AS total FROM postings WHERE wallet_id = ${walletId} AND bucket = 'available' AND created_at < ${at.toISOString()}::timestamptz`),
  );
  return BigInt(row?.total ?? "0");
}

/**
 * The wallet's movements in [from, to), oldest first, each with the balance after it; `after` (a
 * movement id) continues a page. The opening balance is the balance at `from`.
 */
async function movementsIn(db: Executor, walletId: string, from: Date, to: Date, opening: bigint, page: { after?: bigint; limit: number }) {
  const rows = rowsOf<Row>(
    await db.execute(sql`
      WITH day AS (
        SELECT p.id, p.amount, p.created_at, p.journal_id,
               ${opening.toString()}::numeric + sum(p.amount) OVER (ORDER BY p.id) AS running
        FROM postings p
        WHERE p.wallet_id = ${walletId} AND p.bucket = 'available'
          AND p.created_at >= ${from.toISOString()}::timestamptz AND p.created_at < ${to.toISOString()}::timestamptz
      )
      SELECT d.id::text AS posting_id, d.amount::text AS amount, d.running::text AS running, d.created_at AS at,
             j.id AS journal_id, j.kind AS journal_kind, j.idempotency_key, j.memo, j.metadata,
             c.code AS counter_code, c.account_id AS counter_account_id, ca.name AS counter_account_name,
             r.id AS recharge_id, r.reference AS recharge_reference, r.target AS recharge_target, r.operator AS recharge_operator,
             r.amount::text AS recharge_amount
      FROM day d
      JOIN journals j ON j.id = d.journal_id
      LEFT JOIN LATERAL (
        SELECT w.code, w.account_id FROM postings o JOIN wallets w ON w.id = o.wallet_id
        WHERE o.journal_id = d.journal_id AND o.wallet_id <> ${walletId} ORDER BY o.id LIMIT 1
      ) c ON true
      LEFT JOIN accounts ca ON ca.id = c.account_id
      LEFT JOIN recharges r ON j.idempotency_key LIKE 'rch:%' AND r.id = split_part(j.idempotency_key, ':', 2)
      WHERE d.id > ${(page.after ?? 0n).toString()}::bigint
      ORDER BY d.id
      LIMIT ${page.limit}
    `),
  );
  return rows.map(toMovement);
}

export const MAX_STATEMENT_PAGE = 1000;

export const StatementQuery = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31."),
  cursor: z.string().regex(/^mov_\d+$/, "Pass back the next_cursor of the previous page.").optional(),
  limit: z.coerce.number().int().min(1).max(MAX_STATEMENT_PAGE).default(MAX_STATEMENT_PAGE),
}).strict();
export type StatementQuery = z.input<typeof StatementQuery>;

/** The UTC day `date` names, refused if it is not a real date or lies in the future. */
export function dayBounds(date: string): { from: Date; to: Date } {
  const from = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(from.getTime()) || from.toISOString().slice(0, 10) !== date) throw ValidationFailed("That date does not exist.", { date: "not a calendar date" });
  if (from.getTime() > Date.now()) throw ValidationFailed("A statement can only cover a day that has begun.", { date: "in the future" });
  return { from, to: new Date(from.getTime() + 24 * 3600 * 1000) };
}

export type Statement = {
  accountId: string;
  currency: string;
  date: string;
  from: Date;
  to: Date;
  opening: bigint;
  closing: bigint;
  totals: StatementTotals;
  movements: Movement[];
  nextCursor: string | null;
};

export type StatementTotals = { credits: bigint; debits: bigint; recharges: bigint; commission: bigint; funding: bigint; count: number };

/** Per-day sums by what a person asks: money spent on recharges (net of returns), commission and cashback earned (net), money in from funding, deposits and credits. */
async function dayTotals(db: Executor, walletId: string, from: Date, to: Date): Promise<StatementTotals> {
  const rows = rowsOf<{ key_step: string | null; kind: string; sign: number; total: string; n: string }>(
    await db.execute(sql`
      SELECT CASE WHEN j.idempotency_key LIKE 'rch:%' THEN split_part(j.idempotency_key, ':', 3) END AS key_step,
             j.kind, sign(p.amount)::int AS sign, sum(p.amount)::text AS total, count(*)::text AS n
      FROM postings p JOIN journals j ON j.id = p.journal_id
      WHERE p.wallet_id = ${walletId} AND p.bucket = 'available'
        AND p.created_at >= ${from.toISOString()}::timestamptz AND p.created_at < ${to.toISOString()}::timestamptz
      GROUP BY 1, 2, 3`),
  );
  const totals: StatementTotals = { credits: 0n, debits: 0n, recharges: 0n, commission: 0n, funding: 0n, count: 0 };
  for (const r of rows) {
    const total = BigInt(r.total);
    totals.count += Number(r.n);
    if (total > 0n) totals.credits += total;
    else totals.debits += total;
    const step = r.key_step;
    if (step === "hold" || step === "release" || step === "refund" || step === "reversal") totals.recharges += total;
    else if (step) totals.commission += total;
    else totals.funding += total;
  }
  return totals;
}

/** An account's statement for one UTC day (a page of its movements, oldest first). */
export async function getStatement(args: { ctx: Ctx; input: StatementQuery; accountId?: string }): Promise<Statement> {
  const parsed = StatementQuery.safeParse(args.input);
  if (!parsed.success) throw ValidationFailed("Some fields are invalid.", zodDetails(parsed.error));
  const { date, cursor, limit } = parsed.data;
  const { from, to } = dayBounds(date);
  // Another account is readable by an admin, or by a merchant for its own retailers (getAccount
  // answers 404 for anything else).
  const account = await getAccount(args.ctx, args.accountId ?? scopedAccountId(args.ctx));
  const wallet = await getAccountWallet(args.ctx.db, account.id);
  const opening = await balanceAt(args.ctx.db, wallet.id, from);
  const closing = await balanceAt(args.ctx.db, wallet.id, to);
  const after = cursor ? BigInt(cursor.slice(4)) : undefined;
  const movements = await movementsIn(args.ctx.db, wallet.id, from, to, opening, { after, limit: limit + 1 });
  const more = movements.length > limit;
  if (more) movements.pop();
  const totals = await dayTotals(args.ctx.db, wallet.id, from, to);
  return { accountId: account.id, currency: wallet.currency, date, from, to, opening, closing, totals, movements, nextCursor: more ? movements[movements.length - 1].id : null };
}

export function movementObject(m: Movement, currency: string) {
  return {
    id: m.id,
    at: m.at.toISOString(),
    type: m.type,
    description: m.description,
    amount: formatAmount(m.amount, currency),
    balance_after: formatAmount(m.balanceAfter, currency),
    recharge_id: m.rechargeId,
    reference: m.reference,
    deposit_id: m.depositId,
    journal_id: m.journalId,
  };
}

/** The statement as API.md §3 shapes it. */
export function statementObject(s: Statement) {
  const money = (v: bigint) => formatAmount(v, s.currency);
  return {
    account_id: s.accountId,
    date: s.date,
    timezone: "UTC",
    currency: s.currency,
    opening_balance: money(s.opening),
    closing_balance: money(s.closing),
    totals: {
      credits: money(s.totals.credits),
      debits: money(-s.totals.debits),
      recharges: money(s.totals.recharges),
      commission_and_cashback: money(s.totals.commission),
      funding_and_deposits: money(s.totals.funding),
      movements: s.totals.count,
    },
    movements: s.movements.map((m) => movementObject(m, s.currency)),
    next_cursor: s.nextCursor,
  };
}

const CSV_HEADER = ["date", "time_utc", "type", "description", "reference", "phone", "recharge_id", "deposit_id", "amount", "balance_after", "currency"];

/**
 * The day's statement as CSV rows: an opening balance row, every movement, a closing balance row
 * (opening plus the amounts equals closing). Pages through the movements so a busy day never sits in
 * memory at once.
 */
export async function* statementCsvRows(ctx: Ctx, input: { date: string }, accountId?: string): AsyncGenerator<Array<string | null | { text: string }>> {
  let statement = await getStatement({ ctx, input: { date: input.date }, accountId });
  const money = (v: bigint) => formatAmount(v, statement.currency);
  yield CSV_HEADER;
  yield [statement.date, "00:00:00", "opening_balance", "Opening balance", null, null, null, null, null, money(statement.opening), statement.currency];
  for (;;) {
    for (const m of statement.movements) {
      yield [
        m.at.toISOString().slice(0, 10),
        m.at.toISOString().slice(11, 19),
        m.type,
        m.description,
        m.reference,
        m.phone ? { text: m.phone } : null,
        m.rechargeId,
        m.depositId,
        money(m.amount),
        money(m.balanceAfter),
        statement.currency,
      ];
    }
    if (!statement.nextCursor) break;
    statement = await getStatement({ ctx, input: { date: input.date, cursor: statement.nextCursor }, accountId });
  }
  yield [statement.date, "24:00:00", "closing_balance", "Closing balance", null, null, null, null, null, money(statement.closing), statement.currency];
}

/** The journal keys a recharge's money can move under (settle.ts, rewards/award.ts). */
const RECHARGE_STEPS = ["hold", "release", "commission", "cashback", "refund", "reversal", "refund-commission", "reversal-commission", "refund-cashback", "reversal-cashback"];

/**
 * What one recharge did to its account's balance: the charge, the amount returned on failure, the
 * commission and cashback, a refund or reversal and what was taken back, each with the balance after
 * it. The same rows as the wallet page's, for the order's drawer.
 */
export async function rechargeMovements(db: Executor, recharge: { id: string; accountId: string }): Promise<Movement[]> {
  const wallet = await getAccountWallet(db, recharge.accountId);
  const keys = RECHARGE_STEPS.map((s) => `rch:${recharge.id}:${s}`);
  const rows = rowsOf<Row>(
    await db.execute(sql`
      SELECT p.id::text AS posting_id, p.amount::text AS amount, p.created_at AS at,
             (SELECT sum(q.amount) FROM postings q WHERE q.wallet_id = p.wallet_id AND q.bucket = 'available' AND q.id <= p.id)::text AS running,
             j.id AS journal_id, j.kind AS journal_kind, j.idempotency_key, j.memo, j.metadata,
             NULL AS counter_code, NULL AS counter_account_id, NULL AS counter_account_name,
             r.id AS recharge_id, r.reference AS recharge_reference, r.target AS recharge_target, r.operator AS recharge_operator, r.amount::text AS recharge_amount
      FROM journals j
      JOIN postings p ON p.journal_id = j.id AND p.wallet_id = ${wallet.id} AND p.bucket = 'available'
      JOIN recharges r ON r.id = ${recharge.id}
      WHERE j.idempotency_key IN (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})
      ORDER BY p.id`),
  );
  return rows.map(toMovement);
}

export type RechargeMoney = { charged: bigint; returned: bigint; commission: bigint; cashback: bigint; net: bigint };

/**
 * Per recharge, what it cost the account in the end: charged (the hold), returned (failure release,
 * refund, reversal), commission and cashback net of what was taken back, and the net effect. One
 * indexed look-up for a page of orders (the CSV export).
 */
export async function rechargeMoney(db: Executor, recharges: Array<{ id: string; accountId: string }>): Promise<Map<string, RechargeMoney>> {
  const out = new Map<string, RechargeMoney>();
  if (recharges.length === 0) return out;
  for (const r of recharges) out.set(r.id, { charged: 0n, returned: 0n, commission: 0n, cashback: 0n, net: 0n });
  const keys = recharges.flatMap((r) => RECHARGE_STEPS.map((s) => `rch:${r.id}:${s}`));
  const accounts = [...new Set(recharges.map((r) => r.accountId))];
  const rows = rowsOf<{ key: string; amount: string }>(
    await db.execute(sql`
      SELECT j.idempotency_key AS key, sum(p.amount)::text AS amount
      FROM journals j
      JOIN postings p ON p.journal_id = j.id AND p.bucket = 'available'
      JOIN wallets w ON w.id = p.wallet_id AND w.account_id IN (${sql.join(accounts.map((a) => sql`${a}`), sql`, `)})
      WHERE j.idempotency_key IN (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})
      GROUP BY j.idempotency_key`),
  );
  for (const row of rows) {
    const [, id, step] = row.key.split(":");
    const m = out.get(id);
    if (!m) continue;
    const amount = BigInt(row.amount);
    if (step === "hold") m.charged -= amount;
    else if (step === "release" || step === "refund" || step === "reversal") m.returned += amount;
    else if (step.endsWith("cashback")) m.cashback += amount;
    else m.commission += amount;
    m.net += amount;
  }
  return out;
}
