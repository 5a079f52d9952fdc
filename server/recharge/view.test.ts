import { describe, expect, it } from "vitest";
import { merchantTimelineEntry } from "./view";

const entry = (note: string, data: Record<string, unknown> = {}) => ({ status: "held", from: null, note, at: "2026-01-01T00:00:00.000Z", data });

describe("merchantTimelineEntry", () => {
  it("names no upstream provider", () => {
    expect(merchantTimelineEntry(entry("Sending to alpha")).note).toBe("Sending to the operator");
    expect(merchantTimelineEntry(entry("Failed over from bravo", { code: "provider_down", provider_code: "E42" }))).toMatchObject({ note: "Retried on another route", data: { code: "provider_down" } });
    expect(merchantTimelineEntry(entry("charlie has no record of the order; trying the next provider")).note).toBe("Retried on another route");
    expect(merchantTimelineEntry(entry("Recharge succeeded", { provider: "alpha", operator_transaction_id: "OP1" })).data).toEqual({ operator_transaction_id: "OP1" });
  });
});
