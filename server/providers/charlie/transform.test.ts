import { describe, expect, it } from "vitest";
import { signParams } from "@/server/providers/charlie/sign";
import { toBalance, toBill, toHealth, toPlans, toStatusResult, toSubmitResult } from "@/server/providers/charlie/transform";

// Recorded from the charlie simulator (server/sim/charlie.ts).
describe("charlie recharge", () => {
  it("result=0 → succeeded", () => {
    const text = "result=0&msg=success&orderid=rch_abc-1&sysorderid=CH5512345600001&opid=GP4829103746&amount=20.00";
    expect(toSubmitResult(200, text)).toEqual({ kind: "succeeded", providerRef: "CH5512345600001", operatorTransactionId: "GP4829103746" });
  });
  it("result=1 → pending", () => {
    expect(toSubmitResult(200, "result=1&msg=processing&orderid=rch_abc-1&sysorderid=CH5512345600002")).toEqual({ kind: "pending", providerRef: "CH5512345600002" });
  });
  it("documented rejection codes → definite failure", () => {
    expect(toSubmitResult(200, "result=1001&msg=Invalid+subscriber+number&orderid=rch_abc-1")).toEqual({
      kind: "failed",
      code: "invalid_number",
      providerCode: "1001",
      message: "Invalid subscriber number",
    });
    expect(toSubmitResult(200, "result=1002&msg=mismatch")).toMatchObject({ code: "operator_mismatch" });
    expect(toSubmitResult(200, "result=1003&msg=bad+amount")).toMatchObject({ code: "invalid_amount" });
    expect(toSubmitResult(200, "result=2001&msg=Insufficient+merchant+balance")).toMatchObject({ code: "provider_balance" });
    expect(toSubmitResult(200, "result=3001&msg=Rejected+by+operator")).toMatchObject({ code: "rejected" });
    expect(toSubmitResult(200, "result=9001&msg=system+maintenance%2C+request+not+accepted")).toMatchObject({ kind: "failed", code: "provider_down", providerCode: "9001" });
    expect(toSubmitResult(200, "result=4001&msg=sign+error")).toMatchObject({ kind: "failed", code: "provider_down" });
  });
  it("undocumented codes, non-200 and garbage → unknown", () => {
    expect(toSubmitResult(200, "result=9999&msg=system+error").kind).toBe("unknown");
    expect(toSubmitResult(502, "Bad Gateway").kind).toBe("unknown");
    expect(toSubmitResult(200, "<html>error</html>").kind).toBe("unknown");
    expect(toSubmitResult(200, "result=0&msg=success").kind).toBe("unknown");
  });
});

describe("charlie query", () => {
  it("maps every result", () => {
    expect(toStatusResult(200, "result=0&msg=success&orderid=o&sysorderid=CH1&account=017&amount=20.00&opid=GP1")).toEqual({ kind: "succeeded", providerRef: "CH1", operatorTransactionId: "GP1" });
    expect(toStatusResult(200, "result=1&msg=processing&orderid=o&sysorderid=CH1")).toEqual({ kind: "pending", providerRef: "CH1" });
    expect(toStatusResult(200, "result=2&msg=failed&orderid=o&sysorderid=CH1&errcode=3001&errmsg=Rejected+by+operator")).toEqual({
      kind: "failed",
      code: "rejected",
      providerCode: "3001",
      message: "Rejected by operator",
    });
    expect(toStatusResult(200, "result=3&msg=reversed+by+operator&orderid=o&sysorderid=CH1&opid=GP1")).toEqual({ kind: "reversed", providerRef: "CH1", message: "reversed by operator" });
    expect(toStatusResult(200, "result=4004&msg=order+not+found&orderid=o")).toEqual({ kind: "not_found" });
  });
  it("busy during a query → unknown, not failed", () => {
    expect(toStatusResult(200, "result=9001&msg=system+maintenance").kind).toBe("unknown");
    expect(toStatusResult(200, "garbage").kind).toBe("unknown");
  });
});

describe("charlie catalog calls", () => {
  it("plans from indexed fields", () => {
    const text = "result=0&msg=ok&product=TATAPLAY&count=2&id0=TATAPLAY-153-30&price0=153.00&validity0=30+days&desc0=Hindi+Basic&type0=pack&id1=TATAPLAY-299-30&price1=299.00&validity1=30+days&desc1=Family+Kids+HD&type1=pack";
    expect(toPlans("TATAPLAY", 200, text)).toEqual([
      { id: "TATAPLAY-153-30", operator: "TATAPLAY", amount: "153.00", validity: "30 days", description: "Hindi Basic", category: "pack" },
      { id: "TATAPLAY-299-30", operator: "TATAPLAY", amount: "299.00", validity: "30 days", description: "Family Kids HD", category: "pack" },
    ]);
    expect(toPlans("TATAPLAY", 200, "result=9001&msg=busy")).toBeNull();
  });
  it("bill with YYYYMMDD due date, missing bill", () => {
    const text = "result=0&msg=ok&biller=DESCO&account=55501234&name=Fatema+Begum&amount=1520.75&duedate=20260212&billno=DES0000098765";
    expect(toBill(200, text)).toEqual({ biller: "DESCO", account: "55501234", customerName: "Fatema Begum", amountDue: "1520.75", dueDate: "2026-02-12", billNumber: "DES0000098765" });
    expect(toBill(200, "result=4004&msg=bill+not+found")).toBeNull();
    expect(toBill(200, "result=9001&msg=busy")).toBeUndefined();
  });
  it("balance and health", () => {
    expect(toBalance(200, "result=0&msg=ok&balance=500.00&currency=USD")).toEqual({ currency: "USD", amount: "500.00" });
    expect(toHealth(200, "result=0&msg=ok")).toBe(true);
    expect(toHealth(200, "result=9001&msg=maintenance")).toBe(false);
  });
});

describe("charlie sign", () => {
  it("sorts, skips empty values and the sign itself, appends the key, upper-case MD5", () => {
    // md5("account=017&merchant=M&orderid=o&key=s")
    expect(signParams({ orderid: "o", merchant: "M", account: "017", biller: "", sign: "x" }, "s")).toBe("8110D3713CB61C15E9AF50518E3F7F6E");
  });
});
