import { describe, expect, it } from "vitest";
import { CreateRechargeInput } from "@/server/recharge/schemas";
import { UpdateOperatorInput } from "@/server/admin/schemas";
import { fieldErrors, formErrors } from "./errors";

describe("plain messages", () => {
  it("zod's own wording never reaches a user", () => {
    const parsed = CreateRechargeInput.safeParse({ reference: "R-1", phone: "0".repeat(40), amount: "20" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].message).toBe("The phone number is too long: at most 32 characters.");
    const missing = CreateRechargeInput.safeParse({ phone: "01712345678", amount: "20" });
    expect(missing.error!.issues[0].message).toBe("The reference is missing.");
    const op = UpdateOperatorInput.safeParse({ code: "" });
    expect(op.error!.issues[0].message).toBe("The code is missing.");
    const url = CreateRechargeInput.safeParse({ reference: "R-1", phone: "01712345678", amount: "20", notify_url: "nope" });
    expect(url.error!.issues[0].message).toBe("The notification URL must be a web address like https://example.com/hook.");
  });

  it("a detail that is a code or an echo of the input shows the error's sentence once, not the code", () => {
    const error = { message: "Choose an operator or a currency, so the amounts mean something.", data: { details: { currency: "required", operatorCode: "required" } } };
    expect(fieldErrors(error)).toEqual({ currency: "Choose an operator or a currency, so the amounts mean something." });
    const sentence = { message: "Some fields are invalid.", data: { zodError: { phone: ["The phone number is missing."] } } };
    expect(fieldErrors(sentence)).toEqual({ phone: "The phone number is missing." });
  });

  it("a failed save is said once: next to the field the form shows, in a toast only for what it does not show", () => {
    const form = { email: "", name: "" };
    const onField = { message: "That email is already in use.", data: { details: { email: "That email is already in use." } } };
    expect(formErrors(onField, form)).toEqual({ fields: { email: "That email is already in use." }, toast: null });
    const elsewhere = { message: "The parent account is not a merchant.", data: { details: { parentAccountId: "not a merchant" } } };
    expect(formErrors(elsewhere, form)).toEqual({ fields: {}, toast: "The parent account is not a merchant." });
    const noField = { message: "The database is busy. Try again in a moment.", data: {} };
    expect(formErrors(noField, form)).toEqual({ fields: {}, toast: "The database is busy. Try again in a moment." });
  });
});
