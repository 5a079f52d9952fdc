// Matching a provider's statement against our orders, and naming every disagreement. Pure: the run
// (run.ts) loads both sides and stores what this returns.
import type { ReconDifferenceKind } from "@/db/schema";
import { formatAmount, parseAmount } from "@/server/lib/money";
import type { ProviderStatement, StatementRow } from "@/server/providers/types";

/** One attempt of one of our orders at this provider (`orderId` = `${rch id}-${attempt}`). */
export type OurAttempt = {
  orderId: string;
  rechargeId: string;
  accountId: string;
  /** Our order's status; `failed_over` when this attempt was abandoned for another provider. */
  status: string;
  providerRef: string | null;
  amount: bigint;
  currency: string;
  /** What this provider should charge for it by our price list (minor units), when we know. */
  expectedCost: bigint | null;
  /** Whether this attempt falls in the compared period (rows outside it only match, never accuse). */
  inPeriod: boolean;
};

export type FoundDifference = {
  kind: ReconDifferenceKind;
  subject: string;
  rechargeId: string | null;
  accountId: string | null;
  providerRef: string | null;
  amount: bigint | null;
  currency: string | null;
  summary: string;
  ours: Record<string, unknown>;
  theirs: Record<string, unknown>;
};

export type Classification = {
  matched: number;
  differences: FoundDifference[];
  float: { currency: string; opening: bigint; reported: bigint; booked: bigint } | null;
};

const OPEN = new Set(["received", "held", "submitting", "pending"]);

function rowView(row: StatementRow) {
  return { order_id: row.orderId, provider_ref: row.providerRef, status: row.status, amount: row.amount, currency: row.currency, cost: row.cost, float_debit: row.floatDebit, at: row.at };
}

function ourView(a: OurAttempt) {
  return { order_id: a.orderId, recharge_id: a.rechargeId, status: a.status, amount: formatAmount(a.amount, a.currency), currency: a.currency, expected_cost: a.expectedCost === null ? null : formatAmount(a.expectedCost, a.currency), provider_ref: a.providerRef };
}

/** A decimal string (maybe negative) in minor units of `currency`; null when it isn't one. */
function minorOr(value: string, currency: string): bigint | null {
  const negative = value.startsWith("-");
  let minor: bigint | null;
  try {
    minor = parseAmount(negative ? value.slice(1) : value, currency);
  } catch {
    return null; // a currency we don't know
  }
  return minor === null ? null : negative ? -minor : minor;
}

/**
 * Every attempt we made at this provider against every order in their statement:
 * - we failed, refunded, reversed or abandoned it (or it is still open), they performed it → provider_performed
 * - we captured it, they have no record → provider_missing; they failed or reversed it → provider_failed
 * - both performed, amount or cost differs → amount_mismatch / cost_mismatch
 * - they performed an order we never sent → unknown_order
 * - their float moved other than by the orders we count as performed → float_drift
 * Orders still pending on their side are not judged yet.
 */
export function classify(input: { provider: string; day: string; attempts: OurAttempt[]; statement: ProviderStatement }): Classification {
  const { attempts, statement } = input;
  const byOrderId = new Map(statement.rows.map((r) => [r.orderId, r]));
  const byRef = new Map(statement.rows.filter((r) => r.providerRef).map((r) => [r.providerRef!, r]));
  const used = new Set<StatementRow>();
  const differences: FoundDifference[] = [];
  let matched = 0;
  const performedByUs = new Set<StatementRow>();

  for (const a of attempts) {
    const row = byOrderId.get(a.orderId) ?? (a.providerRef ? byRef.get(a.providerRef) : undefined);
    if (row) used.add(row);
    const captured = a.status === "succeeded";
    if (captured && row) performedByUs.add(row);
    const base = { subject: a.orderId, rechargeId: a.rechargeId, accountId: a.accountId, providerRef: row?.providerRef ?? a.providerRef, amount: a.amount, currency: a.currency, ours: ourView(a), theirs: row ? rowView(row) : {} };
    const money = formatAmount(a.amount, a.currency);
    if (!row) {
      if (captured && a.inPeriod) differences.push({ ...base, kind: "provider_missing", summary: `We captured ${money} ${a.currency}; ${input.provider} has no record of ${a.orderId}.` });
      else if (a.inPeriod) matched += 1;
      continue;
    }
    if (row.status === "pending") continue;
    if (captured && (row.status === "failed" || row.status === "reversed")) {
      differences.push({ ...base, kind: "provider_failed", summary: `We captured ${money} ${a.currency}; ${input.provider} reports it ${row.status}.` });
      continue;
    }
    if (!captured && row.status === "succeeded") {
      const what = a.status === "failed_over" ? "abandoned it for another provider" : OPEN.has(a.status) ? `still have it ${a.status}` : `have it ${a.status}`;
      differences.push({ ...base, kind: "provider_performed", summary: `${input.provider} performed ${money} ${a.currency}; we ${what}.` });
      continue;
    }
    if (captured) {
      const theirAmount = minorOr(row.amount, a.currency);
      if (row.currency !== a.currency || theirAmount !== a.amount) {
        differences.push({ ...base, kind: "amount_mismatch", summary: `Amount: ours ${money} ${a.currency}, theirs ${row.amount} ${row.currency}.` });
        continue;
      }
      const theirCost = row.cost === null ? null : minorOr(row.cost, a.currency);
      if (a.expectedCost !== null && theirCost !== null && theirCost !== a.expectedCost) {
        differences.push({ ...base, kind: "cost_mismatch", amount: theirCost - a.expectedCost, summary: `Cost: our price list says ${formatAmount(a.expectedCost, a.currency)}, they charged ${row.cost} ${a.currency}.` });
        continue;
      }
    }
    matched += 1;
  }

  for (const row of statement.rows) {
    if (used.has(row) || row.status !== "succeeded") continue;
    const amount = row.currency ? minorOr(row.amount, row.currency) : null;
    differences.push({
      kind: "unknown_order",
      subject: row.orderId,
      rechargeId: null,
      accountId: null,
      providerRef: row.providerRef,
      amount,
      currency: row.currency || null,
      summary: `${input.provider} performed ${row.amount} ${row.currency} as ${row.orderId}, an order we never sent.`,
      ours: {},
      theirs: rowView(row),
    });
  }

  const fc = statement.floatCurrency;
  const opening = minorOr(statement.openingBalance, fc);
  const reported = minorOr(statement.closingBalance, fc);
  let float: Classification["float"] = null;
  if (opening !== null && reported !== null) {
    let booked = opening;
    for (const row of performedByUs) booked -= minorOr(row.floatDebit, fc) ?? 0n;
    float = { currency: fc, opening, reported, booked };
    const drift = reported - booked;
    if (drift !== 0n) {
      const explaining = statement.rows.filter((r) => !performedByUs.has(r) && (minorOr(r.floatDebit, fc) ?? 0n) !== 0n);
      const explained = explaining.reduce((sum, r) => sum - (minorOr(r.floatDebit, fc) ?? 0n), 0n);
      differences.push({
        kind: "float_drift",
        // Another amount on the same day is another observation (a dismissed drift must not hide a new one).
        subject: `float:${input.day}:${formatAmount(drift, fc)}`,
        rechargeId: null,
        accountId: null,
        providerRef: null,
        amount: drift,
        currency: fc,
        summary: `${input.provider} reports ${formatAmount(reported, fc)} ${fc}; our books expect ${formatAmount(booked, fc)} (${drift > 0n ? "+" : ""}${formatAmount(drift, fc)}): ${explaining.length} order(s) explain ${formatAmount(explained, fc)}, ${formatAmount(drift - explained, fc)} unexplained.`,
        ours: { booked: formatAmount(booked, fc), opening: formatAmount(opening, fc) },
        theirs: {
          reported: formatAmount(reported, fc),
          explained_by: explaining.map((r) => ({ order_id: r.orderId, float_debit: r.floatDebit, status: r.status })),
          explained: formatAmount(explained, fc),
          unexplained: formatAmount(drift - explained, fc),
        },
      });
    }
  }
  return { matched, differences, float };
}
