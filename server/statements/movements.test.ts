import { describe, expect, it } from "vitest";
import { classifyMovement, dayBounds } from "./movements";

const row = (idempotency_key: string, journal_kind: string, amount: bigint, counter_code: string | null = null) => ({ idempotency_key, journal_kind, amount, counter_code });

describe("movements", () => {
  it("names each step of a recharge", () => {
    expect(classifyMovement(row("rch:rch_1:hold", "hold", -100n))).toBe("recharge");
    expect(classifyMovement(row("rch:rch_1:release", "release", 100n))).toBe("recharge_returned");
    expect(classifyMovement(row("rch:rch_1:commission", "credit", 1n, "commission"))).toBe("commission");
    expect(classifyMovement(row("rch:rch_1:refund", "reverse", 100n))).toBe("refund");
    expect(classifyMovement(row("rch:rch_1:reversal-cashback", "reverse", -5n))).toBe("cashback_taken_back");
    expect(classifyMovement(row("rch:rch_1:refund-commission", "reverse", -1n))).toBe("commission_taken_back");
  });
  it("tells funding, deposits, opening credits and admin adjustments apart", () => {
    expect(classifyMovement(row("fund-retailer:acct_1:k", "transfer", 50n))).toBe("funding_received");
    expect(classifyMovement(row("fund-retailer:acct_1:k", "transfer", -50n))).toBe("funding_sent");
    expect(classifyMovement(row("dep:dep_9:credit", "credit", 50n, "deposits"))).toBe("deposit");
    expect(classifyMovement(row("anything", "credit", 50n, "deposits"))).toBe("deposit");
    expect(classifyMovement(row("account:acct_1:initial-credit", "credit", 50n, "funding"))).toBe("initial_credit");
    expect(classifyMovement(row("wallet-credit:jnl_1", "credit", 50n, "funding"))).toBe("admin_credit");
    expect(classifyMovement(row("wallet-debit:jnl_1", "debit", -50n, "funding"))).toBe("admin_debit");
  });
  it("reads a date as a UTC day and refuses impossible or future ones", () => {
    expect(dayBounds("2026-03-01")).toEqual({ from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-03-02T00:00:00Z") });
    expect(() => dayBounds("2026-02-29")).toThrow(/does not exist/);
    expect(() => dayBounds("2999-01-01")).toThrow(/begun/);
  });
});
