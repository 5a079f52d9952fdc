import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { SimServer } from "@/server/sim/node-server";
import { createCaller } from "@/server/trpc/root";
import { ledgerClean, settleOrder, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
afterEach(async () => expect(await ledgerClean()).toEqual([]));

async function retailer(credit = "1000.00") {
  const acct = await makeAccount({ credit, type: "retailer" });
  const caller = createCaller({ session: { user: { id: acct.user_id, email: "r@x.test", name: "R", role: "retailer", accountId: acct.account_id }, expires: "" }, requestId: "req-test", db: await getDb() });
  return { acct, caller };
}

describe("retail dashboard API", () => {
  it("states each operator's amount rule; 49.50 to GP is refused with that rule and details.step", async () => {
    const { caller } = await retailer();
    const gp = (await caller.retail.operators({ service: "mobile" })).operators.find((o) => o.code === "GP")!;
    expect(gp).toMatchObject({ min: "10.00", max: "1000.00", step: "1.00", rule: "Grameenphone takes 10–1000 BDT, in whole BDT amounts (no decimals)." });
    const error = await caller.retail.create({ reference: "WEB-STEP-1", phone: "01712345678", operator: "GP", amount: "49.50" }).catch((e) => e);
    expect(error.message).toBe("Grameenphone takes 10–1000 BDT, in whole BDT amounts (no decimals). Try 49 or 50.");
    expect(error.cause).toMatchObject({ code: "invalid_amount", details: { step: "1.00", min: "10.00", max: "1000.00", reason: "not_a_multiple_of_step" } });
  });

  it("Bangladeshi DTH operators and billers are there for a BDT wallet, with their account formats", async () => {
    const { caller } = await retailer();
    expect((await caller.retail.operators({ service: "dth" })).operators.map((o) => [o.code, o.account_label])).toEqual([["AKASH", "Subscriber ID (10 digits)"]]);
    const bills = (await caller.retail.operators({ service: "bill" })).operators;
    expect(bills.map((o) => o.code)).toEqual(["DESCO", "DESCO PRE", "DPDC", "DPDC PRE", "NESCO", "NESCO PRE", "WASA", "TITAS"]);
    expect(bills.find((o) => o.code === "TITAS")).toMatchObject({ account_pattern: "^\\d{6,10}$", account_label: "Customer Code (6–10 digits)" });
    const plans = await caller.retail.plans({ operator: "AKASH" });
    expect(plans.plans.map((p) => p.amount)).toContain("350.00");
  });

  it("quotes cost, commission and whether the balance covers it, before Confirm", async () => {
    const { caller } = await retailer("30.00");
    expect(await caller.retail.quote({ operator: "GP", amount: "20" })).toMatchObject({ amount: "20.00", commission: "0.20", cost: "19.80", available: "30.00", enough: true, short_by: null });
    expect(await caller.retail.quote({ operator: "GP", amount: "50" })).toMatchObject({ enough: false, short_by: "20.00" });
  });

  it("remembers the pack chosen for a number and shows it on the receipt", async () => {
    const { caller } = await retailer();
    const plan = (await caller.retail.plans({ operator: "GP" })).plans.find((p) => p.amount === "74.00")!;
    const placed = await caller.retail.create({ reference: "WEB-PLAN-1", phone: "01712345670", operator: "GP", amount: "74.00", plan_id: plan.id });
    await settleOrder(placed.recharge.id);
    const receipt = await caller.retail.receipt({ id: placed.recharge.id });
    expect(receipt.plan).toEqual({ id: plan.id, description: "60 minutes any network", validity: "7 days" });
    expect(await caller.retail.last({ target: "+880 1712-345670" })).toMatchObject({ operator: "GP", amount: "74.00", plan: { description: "60 minutes any network" } });
    // A plan id that does not match the amount is not recorded.
    const other = await caller.retail.create({ reference: "WEB-PLAN-2", phone: "01712345671", operator: "GP", amount: "75.00", plan_id: plan.id });
    await settleOrder(other.recharge.id);
    expect((await caller.retail.receipt({ id: other.recharge.id })).plan).toBeNull();
    expect(await caller.retail.last({ target: "01799999999" })).toBeNull();
  });

  it("a paid bill shows as paid when fetched again", async () => {
    const { caller } = await retailer("10000.00");
    const bill = await caller.retail.bill({ biller: "DESCO", account: "55501234" });
    expect(bill.paid).toBeNull();
    const placed = await caller.retail.create({ reference: "WEB-BILL-1", service: "bill", biller: "DESCO", account: "55501234", amount: bill.amountDue, account_type: "postpaid" });
    expect((await settleOrder(placed.recharge.id)).status).toBe("succeeded");
    const again = await caller.retail.bill({ biller: "DESCO", account: "5550 1234" });
    expect(again.paid).toMatchObject({ id: placed.recharge.id, amount: bill.amountDue, status: "succeeded" });
    // Another retailer's view of the same account is its own: nothing paid by it.
    const { caller: other } = await retailer();
    expect((await other.retail.bill({ biller: "DESCO", account: "55501234" })).paid).toBeNull();
  });

  it("history finds an order by any part of its number or reference, and explains an inverted date range", async () => {
    const { caller } = await retailer();
    const a = await caller.retail.create({ reference: "WEB-FIND-ALPHA", phone: "01712345690", operator: "GP", amount: "20" });
    const b = await caller.retail.create({ reference: "WEB-FIND-BETA", phone: "01912345691", operator: "BL", amount: "20" });
    await settleOrder(a.recharge.id);
    await settleOrder(b.recharge.id);
    const ids = async (search: string) => (await caller.retail.history({ search })).data.map((r) => r.id);
    expect(await ids("345690")).toEqual([a.recharge.id]);
    expect(await ids("+880 1712-345690")).toEqual([a.recharge.id]);
    expect(await ids("০১৯১২৩")).toEqual([b.recharge.id]);
    expect(await ids("find-beta")).toEqual([b.recharge.id]);
    expect((await ids("WEB-FIND")).sort()).toEqual([a.recharge.id, b.recharge.id].sort());
    expect(await ids("100%")).toEqual([]);
    const inverted = await caller.retail.history({ from: new Date("2026-02-01"), to: new Date("2026-01-01") }).catch((e) => e);
    expect(inverted.message).toBe("The start date is after the end date: swap them to see this period.");
  });
});
