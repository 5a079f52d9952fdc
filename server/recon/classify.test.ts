import { describe, expect, it } from "vitest";
import type { ProviderStatement, StatementRow } from "@/server/providers/types";
import { classify, type OurAttempt } from "./classify";

const attempt = (over: Partial<OurAttempt>): OurAttempt => ({
  orderId: "rch_a-1",
  rechargeId: "rch_a",
  accountId: "acct_1",
  status: "succeeded",
  providerRef: "P1",
  amount: 2000n,
  currency: "BDT",
  expectedCost: 1930n,
  inPeriod: true,
  ...over,
});

const row = (over: Partial<StatementRow>): StatementRow => ({
  orderId: "rch_a-1",
  providerRef: "P1",
  status: "succeeded",
  amount: "20.00",
  currency: "BDT",
  cost: "19.30",
  floatDebit: "0.16",
  at: "2026-11-26T10:00:00Z",
  ...over,
});

const statement = (rows: StatementRow[], opening = "100.00", closing?: string): ProviderStatement => {
  const debits = rows.reduce((s, r) => s + Math.round(Number(r.floatDebit) * 100), 0);
  return { from: "", to: "", floatCurrency: "USD", openingBalance: opening, closingBalance: closing ?? ((Math.round(Number(opening) * 100) - debits) / 100).toFixed(2), rows };
};

const kinds = (r: ReturnType<typeof classify>) => r.differences.map((d) => `${d.kind}:${d.subject}`);

describe("classify", () => {
  it("agreeing books: everything matched, the float we book equals theirs, no difference", () => {
    const r = classify({
      provider: "alpha",
      day: "2026-11-26",
      attempts: [attempt({}), attempt({ orderId: "rch_b-1", rechargeId: "rch_b", status: "failed", providerRef: null }), attempt({ orderId: "rch_c-1", rechargeId: "rch_c", status: "reversed", providerRef: "P3" })],
      statement: statement([row({}), row({ orderId: "rch_b-1", providerRef: null, status: "failed", floatDebit: "0.00" }), row({ orderId: "rch_c-1", providerRef: "P3", status: "reversed", floatDebit: "0.00" })]),
    });
    expect(r.differences).toEqual([]);
    expect(r.matched).toBe(3);
    expect(r.float).toEqual({ currency: "USD", opening: 10_000n, reported: 9_984n, booked: 9_984n });
  });

  it("matches by their reference when our order id is not in their report", () => {
    const r = classify({ provider: "alpha", day: "d", attempts: [attempt({})], statement: statement([row({ orderId: "THEIR-OWN-ID" })]) });
    expect(r.differences).toEqual([]);
  });

  it("an attempt we abandoned for another provider, performed after all, is money at risk", () => {
    const r = classify({ provider: "alpha", day: "d", attempts: [attempt({ status: "failed_over", providerRef: null })], statement: statement([row({})]) });
    expect(kinds(r)).toEqual(["provider_performed:rch_a-1", "float_drift:float:d:-0.16"]);
    expect(r.differences[0].summary).toContain("abandoned it for another provider");
    expect(r.differences[1].theirs).toMatchObject({ explained: "-0.16", unexplained: "0.00" });
  });

  it("orders still pending on their side are not judged yet; late rows of ours outside the period do not accuse", () => {
    const r = classify({
      provider: "alpha",
      day: "d",
      attempts: [attempt({ status: "pending" }), attempt({ orderId: "rch_z-1", rechargeId: "rch_z", inPeriod: false, providerRef: null })],
      statement: statement([row({ status: "pending" })]),
    });
    expect(r.differences.filter((d) => d.kind !== "float_drift")).toEqual([]);
  });

  it("their failed or unknown rows never make an unknown order; a currency they report differently is an amount difference", () => {
    const r = classify({
      provider: "alpha",
      day: "d",
      attempts: [attempt({})],
      statement: statement([row({ currency: "INR" }), row({ orderId: "EXT-1", providerRef: "X", status: "failed", floatDebit: "0.00" })]),
    });
    expect(kinds(r)).toEqual(["amount_mismatch:rch_a-1"]);
  });

  it("a cost difference carries the amount by which they charged more", () => {
    const r = classify({ provider: "alpha", day: "d", attempts: [attempt({})], statement: statement([row({ cost: "19.99" })]) });
    expect(r.differences[0]).toMatchObject({ kind: "cost_mismatch", amount: 69n });
  });
});
