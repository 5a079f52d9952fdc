import { describe, expect, it } from "vitest";
import { toBalance, toBill, toHealth, toPlans, toStatusResult, toSubmitResult } from "@/server/providers/alpha/transform";

// Recorded from the alpha simulator (server/sim/alpha.ts).
const SUCCESS = JSON.stringify({
  status: "SUCCESS",
  transaction_id: "ALP5512345600001",
  reference: "rch_abc-1",
  operator: "GP",
  msisdn: "01712345678",
  amount: "20.00",
  currency: "BDT",
  operator_txn_id: "GP4829103746",
  created_at: "2026-01-10T10:00:00.000Z",
  updated_at: "2026-01-10T10:00:00.000Z",
});
const PENDING = JSON.stringify({ status: "PENDING", transaction_id: "ALP5512345600002", reference: "rch_abc-1", operator_txn_id: null });
const INVALID = JSON.stringify({ status: "FAILED", transaction_id: "ALP5512345600003", reference: "rch_abc-1", error_code: "INVALID_MSISDN", message: "Invalid subscriber number" });
const REJECTED = JSON.stringify({ status: "FAILED", transaction_id: "ALP1", reference: "rch_abc-1", error_code: "OPERATOR_REJECTED", message: "Rejected by operator" });
const MAINTENANCE = JSON.stringify({ status: "FAILED", error_code: "SYSTEM_MAINTENANCE", message: "Service under maintenance, request not accepted" });
const REVERSED = JSON.stringify({ status: "REVERSED", transaction_id: "ALP5512345600005", reference: "rch_abc-1", operator_txn_id: "GP1", message: "Reversed by operator" });
const NOT_FOUND = JSON.stringify({ status: "FAILED", error_code: "TRANSACTION_NOT_FOUND", message: "No transaction with this reference" });

describe("alpha submit", () => {
  it("SUCCESS → succeeded with both ids", () => {
    expect(toSubmitResult(200, SUCCESS)).toEqual({ kind: "succeeded", providerRef: "ALP5512345600001", operatorTransactionId: "GP4829103746" });
  });
  it("PENDING → pending", () => {
    expect(toSubmitResult(200, PENDING)).toEqual({ kind: "pending", providerRef: "ALP5512345600002" });
  });
  it("FAILED with a code → definite failure, normalized", () => {
    expect(toSubmitResult(422, INVALID)).toMatchObject({ kind: "failed", code: "invalid_number", providerCode: "INVALID_MSISDN" });
    expect(toSubmitResult(200, REJECTED)).toMatchObject({ kind: "failed", code: "rejected", providerCode: "OPERATOR_REJECTED" });
    expect(toSubmitResult(200, JSON.stringify({ status: "FAILED", error_code: "INSUFFICIENT_BALANCE" }))).toMatchObject({ code: "provider_balance" });
  });
  it("503 SYSTEM_MAINTENANCE is an explicit not-processed → provider_down", () => {
    expect(toSubmitResult(503, MAINTENANCE)).toMatchObject({ kind: "failed", code: "provider_down", providerCode: "SYSTEM_MAINTENANCE" });
  });
  it("other 5xx, even with a FAILED body, → unknown", () => {
    expect(toSubmitResult(500, JSON.stringify({ status: "FAILED", error_code: "INTERNAL_ERROR" })).kind).toBe("unknown");
    expect(toSubmitResult(502, "<html>Bad Gateway</html>").kind).toBe("unknown");
  });
  it("garbled or incomplete bodies → unknown", () => {
    expect(toSubmitResult(200, "{not json").kind).toBe("unknown");
    expect(toSubmitResult(200, JSON.stringify({ status: "SUCCESS", transaction_id: "ALP1" })).kind).toBe("unknown");
    expect(toSubmitResult(200, JSON.stringify({ status: "DONE" })).kind).toBe("unknown");
  });
  it("a duplicate reference may have been performed → unknown, never failed", () => {
    expect(toSubmitResult(409, JSON.stringify({ status: "FAILED", error_code: "DUPLICATE_REFERENCE" })).kind).toBe("unknown");
  });
  it("REVERSED at submit (repeat of an old order) → pending, left to status", () => {
    expect(toSubmitResult(200, REVERSED)).toEqual({ kind: "pending", providerRef: "ALP5512345600005" });
  });
});

describe("alpha status", () => {
  it("maps every order state", () => {
    expect(toStatusResult(200, SUCCESS).kind).toBe("succeeded");
    expect(toStatusResult(200, PENDING).kind).toBe("pending");
    expect(toStatusResult(200, REJECTED)).toMatchObject({ kind: "failed", code: "rejected" });
    expect(toStatusResult(200, REVERSED)).toEqual({ kind: "reversed", providerRef: "ALP5512345600005", message: "Reversed by operator" });
  });
  it("404 TRANSACTION_NOT_FOUND → not_found", () => {
    expect(toStatusResult(404, NOT_FOUND)).toEqual({ kind: "not_found" });
  });
  it("maintenance / bare 404 / garbage tell us nothing about the order → unknown", () => {
    expect(toStatusResult(503, MAINTENANCE).kind).toBe("unknown");
    expect(toStatusResult(404, "Not Found").kind).toBe("unknown");
    expect(toStatusResult(200, "oops").kind).toBe("unknown");
  });
});

describe("alpha catalog calls", () => {
  it("plans", () => {
    const body = JSON.stringify({ operator: "GP", plans: [{ code: "GP-49-3", price: "49.00", validity: "3 days", name: "1 GB internet", type: "internet" }] });
    expect(toPlans("GP", 200, body)).toEqual([{ id: "GP-49-3", operator: "GP", amount: "49.00", validity: "3 days", description: "1 GB internet", category: "internet" }]);
    expect(toPlans("GP", 503, MAINTENANCE)).toBeNull();
  });
  it("bill, missing bill, broken answer", () => {
    const body = JSON.stringify({ biller: "DESCO", account: "12345678", customer_name: "Rahim Uddin", amount_due: "1234.50", due_date: "2026-02-14", bill_no: "DES0000012345" });
    expect(toBill(200, body)).toEqual({ biller: "DESCO", account: "12345678", customerName: "Rahim Uddin", amountDue: "1234.50", dueDate: "2026-02-14", billNumber: "DES0000012345" });
    expect(toBill(404, JSON.stringify({ status: "FAILED", error_code: "BILL_NOT_FOUND" }))).toBeNull();
    expect(toBill(500, "")).toBeUndefined();
  });
  it("balance and health", () => {
    expect(toBalance(200, JSON.stringify({ currency: "USD", available: "9999.50" }))).toEqual({ currency: "USD", amount: "9999.50" });
    expect(toHealth(200, JSON.stringify({ status: "ok" }))).toBe(true);
    expect(toHealth(503, MAINTENANCE)).toBe(false);
  });
});
