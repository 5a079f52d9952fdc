import { describe, expect, it } from "vitest";
import { amountRuleDetails, amountRuleMessage, checkAmount, describeAmountRule } from "./amount-rule";
import { amountError, amountRuleOf } from "./detect";
import { getOperator } from "./operators";

const gp = amountRuleOf(getOperator("GP")!);

describe("the amount rule, said once", () => {
  it("GP: whole taka between 10 and 1000, and 49.50 is refused with the rule and the nearest amounts", () => {
    expect(describeAmountRule(gp)).toBe("Grameenphone takes 10–1000 BDT, in whole BDT amounts (no decimals).");
    const check = checkAmount(gp, 4950n);
    expect(check).toMatchObject({ ok: false, reason: "not_a_multiple_of_step", step: 100n });
    if (check.ok) throw new Error("unreachable");
    expect(amountRuleMessage(gp, check, 4950n)).toBe("Grameenphone takes 10–1000 BDT, in whole BDT amounts (no decimals). Try 49 or 50.");
    expect(amountRuleDetails(gp, check)).toEqual({ reason: "not_a_multiple_of_step", min: "10.00", max: "1000.00", step: "1.00", denominations: null });
  });

  it("the API error carries details.step and the same sentence", () => {
    const error = amountError(getOperator("GP")!, 4950n);
    expect(error?.code).toBe("invalid_amount");
    expect(error?.message).toContain("whole BDT amounts");
    expect(error?.details).toMatchObject({ step: "1.00", min: "10.00", max: "1000.00" });
    expect(amountError(getOperator("GP")!, 5000n)).toBeNull();
    expect(amountError(getOperator("GP")!, 500n)?.message).toBe("Grameenphone takes 10–1000 BDT, in whole BDT amounts (no decimals).");
  });

  it("fixed denominations are listed; a bill (no step) takes any amount in its limits", () => {
    const cm = amountRuleOf(getOperator("CM")!);
    expect(describeAmountRule(cm)).toBe("China Mobile sells only these amounts: 10, 20, 30, 50, 100, 200, 300, 500 CNY.");
    expect(amountError(getOperator("CM")!, 4000n)?.details).toMatchObject({ reason: "not_a_denomination", denominations: ["10.00", "20.00", "30.00", "50.00", "100.00", "200.00", "300.00", "500.00"] });
    const bescom = amountRuleOf(getOperator("BESCOM")!);
    expect(checkAmount(bescom, 123_456n)).toEqual({ ok: true });
    expect(describeAmountRule(bescom)).toBe("BESCOM (Bengaluru) takes 1–200000 INR.");
  });

  it("a step other than one unit is said as multiples", () => {
    expect(describeAmountRule({ ...gp, step: 500n })).toBe("Grameenphone takes 10–1000 BDT, in multiples of 5 BDT.");
  });
});
