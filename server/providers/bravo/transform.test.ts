import { describe, expect, it } from "vitest";
import { toBalance, toBill, toHealth, toPlans, toStatusResult, toSubmitResult } from "@/server/providers/bravo/transform";

// Recorded from the bravo simulator (server/sim/bravo.ts).
const order = (state: string, extra: Record<string, unknown> = {}) => ({
  id: "BRV-5512345600001",
  client_ref: "rch_abc-1",
  state,
  product: { operator: "JIO", country: "IN", service: "mobile" },
  recipient: { account: "9876543210", type: "prepaid" },
  amount: { value: "299.00", currency: "INR" },
  operator_reference: null,
  failure: null,
  reversal: null,
  created_at: "2026-01-10T10:00:00.000Z",
  updated_at: "2026-01-10T10:00:00.000Z",
  ...extra,
});
const ACCEPTED = JSON.stringify({ accepted: true, order: order("queued") });
const COMPLETED = JSON.stringify({ order: order("completed", { operator_reference: "JIO7712093456" }) });
const PROCESSING = JSON.stringify({ order: order("processing") });
const FAILED = JSON.stringify({ order: order("failed", { failure: { code: "rejected_by_operator", message: "Rejected by operator" } }) });
const REVERSED = JSON.stringify({ order: order("reversed", { operator_reference: "JIO1", reversal: { reason: "operator_reversal", message: "Reversed by operator" } }) });
const INVALID = JSON.stringify({ accepted: false, error: "invalid_recipient", message: "Invalid subscriber number", client_ref: "rch_abc-1" });
const MAINTENANCE = JSON.stringify({ accepted: false, error: "maintenance", message: "Scheduled maintenance, retry later" });

describe("bravo submit", () => {
  it("202 accepted → pending with bravo's order id", () => {
    expect(toSubmitResult(202, ACCEPTED)).toEqual({ kind: "pending", providerRef: "BRV-5512345600001" });
  });
  it("a duplicate answers the existing order's state", () => {
    const dup = JSON.stringify({ accepted: true, duplicate: true, order: order("completed", { operator_reference: "JIO7712093456" }) });
    expect(toSubmitResult(200, dup)).toEqual({ kind: "succeeded", providerRef: "BRV-5512345600001", operatorTransactionId: "JIO7712093456" });
  });
  it("accepted:false on a 4xx → definite failure, normalized", () => {
    expect(toSubmitResult(422, INVALID)).toMatchObject({ kind: "failed", code: "invalid_number", providerCode: "invalid_recipient" });
    expect(toSubmitResult(402, JSON.stringify({ accepted: false, error: "insufficient_funds" }))).toMatchObject({ kind: "failed", code: "provider_balance" });
    expect(toSubmitResult(422, JSON.stringify({ accepted: false, error: "something_new" }))).toMatchObject({ kind: "failed", code: "rejected" });
  });
  it("503 maintenance → provider_down; other 5xx → unknown", () => {
    expect(toSubmitResult(503, MAINTENANCE)).toMatchObject({ kind: "failed", code: "provider_down", providerCode: "maintenance" });
    expect(toSubmitResult(500, JSON.stringify({ accepted: false, error: "internal" })).kind).toBe("unknown");
    expect(toSubmitResult(504, "upstream timeout").kind).toBe("unknown");
  });
  it("garbled → unknown", () => {
    expect(toSubmitResult(202, '{"accepted":true,"order":').kind).toBe("unknown");
    expect(toSubmitResult(202, JSON.stringify({ accepted: true })).kind).toBe("unknown");
  });
});

describe("bravo status", () => {
  it("maps every order state", () => {
    expect(toStatusResult(200, PROCESSING)).toEqual({ kind: "pending", providerRef: "BRV-5512345600001" });
    expect(toStatusResult(200, COMPLETED)).toEqual({ kind: "succeeded", providerRef: "BRV-5512345600001", operatorTransactionId: "JIO7712093456" });
    expect(toStatusResult(200, FAILED)).toEqual({ kind: "failed", code: "rejected", providerCode: "rejected_by_operator", message: "Rejected by operator" });
    expect(toStatusResult(200, REVERSED)).toEqual({ kind: "reversed", providerRef: "BRV-5512345600001", message: "Reversed by operator" });
  });
  it("order_not_found → not_found; completed without operator reference → unknown", () => {
    expect(toStatusResult(404, JSON.stringify({ error: "order_not_found", message: "No such order" }))).toEqual({ kind: "not_found" });
    expect(toStatusResult(200, JSON.stringify({ order: order("completed") })).kind).toBe("unknown");
  });
  it("maintenance during a status check says nothing about the order → unknown", () => {
    expect(toStatusResult(503, MAINTENANCE).kind).toBe("unknown");
  });
});

describe("bravo catalog calls", () => {
  it("plans", () => {
    const body = JSON.stringify({
      data: [{ sku: "BRV:JIO-299-28", operator: "JIO", face_value: { value: "299.00", currency: "INR" }, validity_days: 28, title: "1.5 GB/day", tags: ["unlimited"] },
        { sku: "BRV:JIO-19-1", operator: "JIO", face_value: { value: "19.00", currency: "INR" }, validity_days: 1, title: "1 GB", tags: [] }],
    });
    expect(toPlans("JIO", 200, body)).toEqual([
      { id: "BRV:JIO-299-28", operator: "JIO", amount: "299.00", validity: "28 days", description: "1.5 GB/day", category: "unlimited" },
      { id: "BRV:JIO-19-1", operator: "JIO", amount: "19.00", validity: "1 day", description: "1 GB", category: "general" },
    ]);
  });
  it("bill, missing bill", () => {
    const body = JSON.stringify({ bill: { biller: "BESCOM", account: "88001234", customer: { name: "Priya Sharma" }, amount_due: { value: "812.40", currency: "INR" }, due_date: "2026-02-09", reference: "BES0000001234" } });
    expect(toBill(200, body)).toEqual({ biller: "BESCOM", account: "88001234", customerName: "Priya Sharma", amountDue: "812.40", dueDate: "2026-02-09", billNumber: "BES0000001234" });
    expect(toBill(404, JSON.stringify({ error: "bill_not_found" }))).toBeNull();
    expect(toBill(503, MAINTENANCE)).toBeUndefined();
  });
  it("balance and health", () => {
    expect(toBalance(200, JSON.stringify({ wallet: { currency: "USD", available: "120.00" } }))).toEqual({ currency: "USD", amount: "120.00" });
    expect(toHealth(200, JSON.stringify({ ok: true }))).toBe(true);
    expect(toHealth(503, MAINTENANCE)).toBe(false);
  });
});
